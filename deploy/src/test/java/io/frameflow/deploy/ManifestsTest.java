package io.frameflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonParser;
import io.frameflow.operators.classify.ClassifierMetrics;
import io.frameflow.operators.deadletter.DeadLetters;
import io.frameflow.zoo.model.PyTorchRuntime;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** The deployment files parse and carry the fields that make them work. */
class ManifestsTest {

    private static final Path DEPLOY = Path.of(".");

    @Test
    @SuppressWarnings("unchecked")
    void flinkDeploymentForTheKubernetesOperator() throws Exception {
        Map<String, Object> doc = single("k8s/frameflow-deployment.yaml");

        assertThat(doc)
                .containsEntry("apiVersion", "flink.apache.org/v1beta1")
                .containsEntry("kind", "FlinkDeployment");
        Map<String, Object> spec = (Map<String, Object>) doc.get("spec");
        assertThat(spec)
                .containsKeys(
                        "image", "flinkVersion", "jobManager", "taskManager", "serviceAccount");
        Map<String, Object> job = (Map<String, Object>) spec.get("job");
        assertThat(job)
                .containsEntry("upgradeMode", "savepoint")
                .containsEntry("jarURI", "local:///opt/flink/usrlib/frameflow-job.jar");
        assertThat((List<String>) job.get("args")).startsWith("stream");
        Map<String, Object> conf = (Map<String, Object>) spec.get("flinkConfiguration");
        assertThat(conf)
                .containsKeys(
                        "state.checkpoints.dir",
                        "state.savepoints.dir",
                        "execution.checkpointing.interval")
                .containsEntry("classloader.parent-first-patterns.additional", "ai.djl")
                .containsEntry("metrics.reporter.prom.port", "9249")
                .containsEntry("containerized.taskmanager.env.OMP_WAIT_POLICY", "PASSIVE");
        assertThat(
                        ((Map<String, Object>)
                                ((Map<String, Object>) spec.get("taskManager")).get("resource")))
                .containsKeys("memory", "cpu");
    }

    @Test
    @SuppressWarnings("unchecked")
    void strimziTopicsForEveryTopicTheJobUses() throws Exception {
        List<Object> docs = all("k8s/kafka-topics.yaml");

        assertThat(docs).hasSize(6);
        assertThat(docs)
                .extracting(
                        d ->
                                ((Map<String, Object>) ((Map<String, Object>) d).get("metadata"))
                                        .get("name"))
                .containsExactly(
                        "frames",
                        "predictions",
                        "frames-dlq",
                        "frameflow-models",
                        "frameflow-model-status",
                        "predictions-shadow");
        assertThat(docs)
                .allSatisfy(
                        d ->
                                assertThat((Map<String, Object>) d)
                                        .containsEntry("kind", "KafkaTopic"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void prometheusScrapesTheLocalClusterAndAnnotatedPods() throws Exception {
        Map<String, Object> doc = single("prometheus/prometheus.yml");

        assertThat((List<Map<String, Object>>) doc.get("scrape_configs"))
                .extracting(c -> c.get("job_name"))
                .containsExactly("frameflow-local", "frameflow-kubernetes");
    }

    @Test
    void grafanaDashboardChartsEveryClassifierMetric() throws Exception {
        String json = Files.readString(DEPLOY.resolve("grafana/frameflow-dashboard.json"));

        assertThat(JsonParser.parseString(json).getAsJsonObject().getAsJsonArray("panels"))
                .hasSize(10);
        for (String metric :
                List.of(
                        ClassifierMetrics.FRAMES_PER_SECOND,
                        ClassifierMetrics.BATCH_SIZE,
                        ClassifierMetrics.BATCH_INFERENCE_MILLIS,
                        ClassifierMetrics.END_TO_END_LATENCY_MILLIS,
                        ClassifierMetrics.FRAMES_BUFFERED,
                        ClassifierMetrics.BATCHES_IN_FLIGHT,
                        ClassifierMetrics.OPENMP_PASSIVE_WAIT,
                        ClassifierMetrics.DEVICE_BATCH_MILLIS,
                        ClassifierMetrics.DEVICE_MEMORY_USED_BYTES,
                        DeadLetters.METRIC)) {
            assertThat(json).as(metric).contains("_" + metric);
        }
        // The panels that compare the active model with a canary, per model version and role.
        String perModel =
                "_" + ClassifierMetrics.MODEL_GROUP + "_" + ClassifierMetrics.ROLE_GROUP + "_";
        assertThat(json)
                .contains(perModel + ClassifierMetrics.END_TO_END_LATENCY_MILLIS)
                .contains(perModel + ClassifierMetrics.BATCH_INFERENCE_MILLIS)
                .contains(
                        perModel
                                + ClassifierMetrics.LABEL_GROUP
                                + "_"
                                + ClassifierMetrics.TOP1_PREDICTIONS)
                .contains("by (model, role)");
    }

    @Test
    void dockerfilesPutDjlInLibAndLoadItParentFirst() throws Exception {
        for (String file : List.of("docker/Dockerfile", "docker/Dockerfile.gpu")) {
            String text = Files.readString(DEPLOY.resolve(file));
            assertThat(text)
                    .as(file)
                    .contains("FROM flink:2.2.0-java17")
                    .contains("COPY deploy/target/djl-lib/ /opt/flink/lib/")
                    .contains("classloader.parent-first-patterns.additional: ai.djl")
                    .contains("metrics.reporter.prom.factory.class")
                    .contains("OMP_WAIT_POLICY=PASSIVE");
        }
    }

    @Test
    void theGpuImagePairsPyTorchsCudaWheelWithDjlsJniAndHandsOutGpusThroughFlink()
            throws Exception {
        String text = Files.readString(DEPLOY.resolve("docker/Dockerfile.gpu"));
        String torch = PyTorchRuntime.jniVersion().split("-")[0];

        assertThat(text)
                .contains("ARG TORCH_VERSION=" + torch)
                .contains("PYTORCH_VERSION=" + torch)
                .contains("PYTORCH_FLAVOR=cu128")
                .contains("https://download.pytorch.org/whl/cu128")
                .contains("cp -r /opt/flink/opt/external-resource-gpu /opt/flink/plugins/");
        new GpuResources(1, Path.of("unused"))
                .settings(Path.of("/opt/flink/plugins"))
                .forEach((key, value) -> assertThat(text).contains("'" + key + ": " + value + "'"));
    }

    @Test
    void theGpuFlinkDeploymentRequestsGpusThroughTheExternalResourceFramework() throws Exception {
        Map<String, Object> doc = single("k8s/frameflow-deployment-gpu.yaml");
        @SuppressWarnings("unchecked")
        Map<String, Object> spec = (Map<String, Object>) doc.get("spec");
        @SuppressWarnings("unchecked")
        Map<String, Object> flink = (Map<String, Object>) spec.get("flinkConfiguration");

        assertThat(spec).containsEntry("image", "frameflow:0.1.0-gpu");
        new GpuResources(1, Path.of("unused"))
                .settings(Path.of("/opt/flink/plugins"))
                .forEach((key, value) -> assertThat(flink).containsEntry(key, value));
        assertThat(flink).containsEntry("containerized.taskmanager.env.OMP_WAIT_POLICY", "PASSIVE");
        assertThat(String.valueOf(spec.get("job"))).contains("--device, gpu");
    }

    private static Map<String, Object> single(String file) throws Exception {
        List<Object> docs = all(file);
        assertThat(docs).as(file).hasSize(1);
        @SuppressWarnings("unchecked")
        Map<String, Object> doc = (Map<String, Object>) docs.get(0);
        return doc;
    }

    private static List<Object> all(String file) throws Exception {
        List<Object> docs = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(DEPLOY.resolve(file))) {
            new Yaml().loadAll(reader).forEach(docs::add);
        }
        return docs;
    }
}
