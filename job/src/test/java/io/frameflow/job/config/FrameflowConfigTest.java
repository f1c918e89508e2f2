package io.frameflow.job.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.frameflow.job.kafka.registry.SchemaRegistrySettings;
import io.frameflow.job.kafka.registry.SubjectNameStrategy;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FrameflowConfigTest {

    @TempDir Path tmp;

    @Test
    void defaultsAreValid() {
        FrameflowConfig config = FrameflowConfig.of(new Configuration());

        assertThat(config.get(FrameflowOptions.DELIVERY_GUARANTEE))
                .isEqualTo(DeliveryGuarantee.EXACTLY_ONCE);
        assertThat(config.classifierOptions().batchSize()).isEqualTo(16);
        assertThat(config.modelSpec().location()).isEqualTo("bundled");
    }

    @Test
    void graphReOptimisationIsOffUnlessAsked() {
        assertThat(FrameflowConfig.of(new Configuration()).classifierOptions().graphOptimizer())
                .isFalse();

        Configuration conf = new Configuration();
        conf.setString("classifier.graph-optimizer", "true");
        assertThat(FrameflowConfig.of(conf).classifierOptions().graphOptimizer()).isTrue();
    }

    @Test
    void aValueOfTheWrongTypeNamesTheKey() {
        Configuration conf = new Configuration();
        conf.setString("classifier.batch-size", "many");

        assertThatThrownBy(() -> FrameflowConfig.of(conf))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("classifier.batch-size")
                .hasMessageContaining("many");
    }

    @Test
    void anOutOfRangeValueNamesTheKeyAndTheRange() {
        Configuration conf = new Configuration();
        conf.setString("classifier.batch-size", "0");

        assertThatThrownBy(() -> FrameflowConfig.of(conf))
                .hasMessage("classifier.batch-size must be between 1 and 1024, was 0");
    }

    @Test
    void enumValuesAreSpelledAsDocumented() {
        Configuration conf = new Configuration();
        conf.setString("delivery.guarantee", "at-least-once");
        conf.setString("kafka.wire-format", "avro-binary");

        FrameflowConfig config = FrameflowConfig.of(conf);

        assertThat(config.get(FrameflowOptions.DELIVERY_GUARANTEE))
                .isEqualTo(DeliveryGuarantee.AT_LEAST_ONCE);
        assertThat(config.get(FrameflowOptions.WIRE_FORMAT)).isEqualTo(WireFormat.AVRO_BINARY);
    }

    @Test
    void kafkaSecuritySettingsPassThrough() {
        Configuration conf = new Configuration();
        conf.setString(
                "kafka.properties", "security.protocol:SASL_SSL,sasl.mechanism:SCRAM-SHA-512");
        conf.setString("kafka.bootstrap-servers", "broker:9093");

        var props = FrameflowConfig.of(conf).kafkaProperties();

        assertThat(props)
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("bootstrap.servers", "broker:9093");
    }

    @Test
    void theConfluentWireFormatNeedsARegistryUrl() {
        Configuration conf = new Configuration();
        conf.setString("kafka.wire-format", "confluent");

        assertThatThrownBy(() -> FrameflowConfig.of(conf))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageStartingWith(
                        "schema-registry.url must be set when kafka.wire-format is confluent");
    }

    @Test
    void schemaRegistrySettingsPassThroughUnderConfluentsNames() {
        Configuration conf = new Configuration();
        conf.setString("kafka.wire-format", "confluent");
        conf.setString("schema-registry.url", "https://a:8081, https://b:8081/");
        conf.setString(
                "schema-registry.properties",
                "basic.auth.user.info:'alice:s3cret',"
                        + "schema.registry.ssl.truststore.location:/etc/registry/trust.p12");
        conf.setString("schema-registry.subject-name-strategy", "topic-record-name");
        conf.setString("schema-registry.auto-register", "false");
        conf.setString("schema-registry.retry-timeout", "30 s");

        SchemaRegistrySettings registry = FrameflowConfig.of(conf).schemaRegistry();

        assertThat(registry.urls())
                .containsExactly(URI.create("https://a:8081"), URI.create("https://b:8081"));
        assertThat(registry.properties())
                .containsEntry("basic.auth.user.info", "alice:s3cret")
                .containsEntry(
                        "schema.registry.ssl.truststore.location", "/etc/registry/trust.p12");
        assertThat(registry.subjectNameStrategy()).isEqualTo(SubjectNameStrategy.TOPIC_RECORD_NAME);
        assertThat(registry.autoRegister()).isFalse();
        assertThat(registry.retryTimeout()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void schemaRegistryPropertiesMayBeNestedInAYamlFile() throws Exception {
        Path yaml =
                Files.writeString(
                        tmp.resolve("registry.yaml"),
                        "kafka:\n"
                                + "  wire-format: confluent\n"
                                + "schema-registry:\n"
                                + "  url: http://registry:8081\n"
                                + "  properties:\n"
                                + "    basic.auth.user.info: \"alice:s3cret\"\n");

        SchemaRegistrySettings registry =
                FrameflowConfig.of(ConfigSources.merge(new Configuration(), yaml, Map.of()))
                        .schemaRegistry();

        assertThat(registry.properties()).containsEntry("basic.auth.user.info", "alice:s3cret");
    }

    @Test
    void anUnknownRegistryPropertyNamesTheOption() {
        Configuration conf = new Configuration();
        conf.setString("schema-registry.url", "http://registry:8081");
        conf.setString("schema-registry.properties", "basic.auth.userinfo:'alice:s3cret'");

        assertThatThrownBy(() -> FrameflowConfig.of(conf))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("schema-registry.properties")
                .hasMessageContaining("'basic.auth.userinfo'");
    }

    @Test
    void aBadDeviceIsAModelError() {
        Configuration conf = new Configuration();
        conf.setString("model.device", "tpu");

        assertThatThrownBy(() -> FrameflowConfig.of(conf))
                .hasMessageContaining("model.*")
                .hasMessageContaining("tpu");
    }

    @Test
    void flagsOverrideTheFileWhichOverridesFlink() throws Exception {
        Path yaml =
                Files.writeString(
                        tmp.resolve("frameflow.yaml"),
                        "classifier:\n"
                                + "  batch-size: 16\n"
                                + "  max-wait: 20 ms\n"
                                + "kafka:\n"
                                + "  input-topic: cams\n");
        Configuration flink = new Configuration();
        flink.setString("classifier.batch-size", "4");
        flink.setString("kafka.output-topic", "out");

        FrameflowConfig config =
                FrameflowConfig.of(
                        ConfigSources.merge(flink, yaml, Map.of("kafka.input-topic", "cli")));

        assertThat(config.get(FrameflowOptions.BATCH_SIZE)).isEqualTo(16);
        assertThat(config.get(FrameflowOptions.MAX_WAIT)).isEqualTo(Duration.ofMillis(20));
        assertThat(config.get(FrameflowOptions.INPUT_TOPIC)).isEqualTo("cli");
        assertThat(config.get(FrameflowOptions.OUTPUT_TOPIC)).isEqualTo("out");
    }

    @Test
    void propertiesFilesToo() throws Exception {
        Path file = Files.writeString(tmp.resolve("frameflow.properties"), "model.top-k=3\n");

        assertThat(
                        FrameflowConfig.of(ConfigSources.merge(new Configuration(), file, Map.of()))
                                .get(FrameflowOptions.TOP_K))
                .isEqualTo(3);
    }
}
