#!/usr/bin/env bash
# A local standalone Flink session cluster (1 JobManager, 2 TaskManagers, web UI on
# http://localhost:8081) and a Kafka KRaft broker (localhost:9092), from Maven-resolved jars.
#   deploy/local-cluster.sh start | stop | status
#   deploy/local-cluster.sh flink run -d job/target/frameflow-job-0.1.0-SNAPSHOT-all.jar stream ...
# State (config, logs, pid files, Kafka data) lives in deploy/target/local-cluster.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
if [ ! -d deploy/target/cluster-lib ] || [ ! -f job/target/frameflow-job-0.1.0-SNAPSHOT-all.jar ]; then
  ./mvnw -q -B -pl deploy -am package -DskipTests >&2
fi
exec java -cp "deploy/target/classes:deploy/target/cluster-lib/*" io.frameflow.deploy.LocalClusterMain "$@"
