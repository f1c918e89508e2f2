package io.frameflow.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.frameflow.event.Prediction;
import io.frameflow.job.config.FrameflowOptions;
import io.frameflow.job.config.WireFormat;
import io.frameflow.job.kafka.EventCodec;
import io.frameflow.job.local.LocalKafkaBroker;
import io.frameflow.job.testutils.MiniClusters;
import io.frameflow.job.testutils.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.ExceptionUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The job against a broker listener that requires SASL/SCRAM-SHA-512: with the right credentials
 * (passed through {@code kafka.properties}) it classifies; with a wrong password it fails with
 * Kafka's authentication error and writes nothing.
 */
class KafkaAuthenticationITCase {

    private static final LocalKafkaBroker.ScramUser USER =
            new LocalKafkaBroker.ScramUser("frameflow", "s3cret-pass");

    @RegisterExtension static final MiniClusterExtension FLINK = MiniClusters.withSlots(2);

    @Test
    void correctCredentialsWorkAndAWrongPasswordFailsClearlyWritingNothing() throws Exception {
        try (LocalKafkaBroker kafka = LocalKafkaBroker.startWithScram(USER)) {
            // Frames go in and results are read over the plain listener; only the job is under
            // test.
            StreamRun good = new StreamRun(kafka.bootstrapServers(), "sasl-good");
            JobClient job = good.start(authenticated(good, kafka, USER.password()), 2, e -> e);
            good.produce(300, 0);
            StreamRun.Outcome outcome = good.outcome(300, Duration.ofMinutes(3));
            job.cancel().get();
            assertThat(outcome.predictions())
                    .as("predictions with the right password")
                    .isEqualTo(300);

            StreamRun bad = new StreamRun(kafka.bootstrapServers(), "sasl-bad");
            Configuration wrong = authenticated(bad, kafka, "wrong-password");
            wrong.set(FrameflowOptions.RESTART_ATTEMPTS, 0);
            bad.produce(50, 0);
            JobClient failing = bad.start(wrong, 2, e -> e);

            assertThatThrownBy(() -> failing.getJobExecutionResult().get())
                    .satisfies(
                            e ->
                                    assertThat(ExceptionUtils.stringifyException(e))
                                            .contains("SaslAuthenticationException")
                                            .contains("Authentication failed"));
            List<Prediction> written =
                    Topics.readCommitted(
                            kafka.bootstrapServers(),
                            bad.prefix + "-predictions",
                            EventCodec.of(WireFormat.AVRO_SINGLE_OBJECT, Prediction.class),
                            l -> false,
                            Duration.ofSeconds(3));
            assertThat(written).as("nothing written with a wrong password").isEmpty();
        }
    }

    private static Configuration authenticated(
            StreamRun run, LocalKafkaBroker kafka, String password) {
        Configuration conf = run.configuration();
        conf.set(FrameflowOptions.BOOTSTRAP_SERVERS, kafka.saslBootstrapServers());
        conf.set(
                FrameflowOptions.KAFKA_PROPERTIES,
                Map.of(
                        "security.protocol",
                        "SASL_PLAINTEXT",
                        "sasl.mechanism",
                        "SCRAM-SHA-512",
                        "sasl.jaas.config",
                        "org.apache.kafka.common.security.scram.ScramLoginModule required"
                                + " username=\""
                                + USER.name()
                                + "\" password=\""
                                + password
                                + "\";"));
        return conf;
    }
}
