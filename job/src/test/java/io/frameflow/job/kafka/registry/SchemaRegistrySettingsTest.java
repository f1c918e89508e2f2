package io.frameflow.job.kafka.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.frameflow.event.ImageEvent;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SchemaRegistrySettingsTest {

    @Test
    void urlsAreCommaSeparatedWithoutTrailingSlashes() {
        SchemaRegistrySettings settings =
                SchemaRegistrySettings.of("http://a:8081/, https://b:8443/apis/ccompat/v7");

        assertThat(settings.urls())
                .containsExactly(
                        URI.create("http://a:8081"), URI.create("https://b:8443/apis/ccompat/v7"));
    }

    @Test
    void anythingButHttpUrlsIsRefused() {
        assertThatThrownBy(() -> SchemaRegistrySettings.of("registry:8081"))
                .hasMessageContaining("'registry:8081' is not an http:// or https:// URL");
        assertThatThrownBy(() -> SchemaRegistrySettings.of(" , "))
                .hasMessageContaining("no schema registry URL");
    }

    @Test
    void unknownClientPropertiesAreRefusedNotIgnored() {
        SchemaRegistrySettings settings = SchemaRegistrySettings.of("http://a:8081");

        assertThatThrownBy(() -> settings.withProperties(Map.of("basic.auth.userinfo", "u:p")))
                .hasMessageContaining(
                        "unknown schema registry client property 'basic.auth.userinfo'")
                .hasMessageContaining(SchemaRegistrySettings.BASIC_AUTH_USER_INFO);
        assertThatThrownBy(
                        () ->
                                settings.withProperties(
                                        Map.of(SchemaRegistrySettings.BASIC_AUTH_USER_INFO, "u")))
                .hasMessageContaining("user:password");
        assertThatThrownBy(
                        () ->
                                settings.withProperties(
                                        Map.of(SchemaRegistrySettings.BASIC_AUTH_SOURCE, "SASL")))
                .hasMessageContaining("USER_INFO or URL");
    }

    @Test
    void passwordsStayOutOfMessages() {
        SchemaRegistrySettings settings =
                SchemaRegistrySettings.of("https://bob:hunter2@a:8081")
                        .withProperties(
                                Map.of(
                                        SchemaRegistrySettings.BASIC_AUTH_USER_INFO,
                                        "alice:s3cret",
                                        SchemaRegistrySettings.TRUSTSTORE_PASSWORD,
                                        "changeit"));

        assertThat(settings.toString())
                .doesNotContain("hunter2")
                .doesNotContain("s3cret")
                .doesNotContain("changeit")
                .contains("https://a:8081");
    }

    @Test
    void subjectNameStrategiesNameSubjectsAsConfluentsSerializersDo() {
        assertThat(SubjectNameStrategy.TOPIC_NAME.subject("frames", ImageEvent.getClassSchema()))
                .isEqualTo("frames-value");
        assertThat(SubjectNameStrategy.RECORD_NAME.subject("frames", ImageEvent.getClassSchema()))
                .isEqualTo("io.frameflow.event.ImageEvent");
        assertThat(
                        SubjectNameStrategy.TOPIC_RECORD_NAME.subject(
                                "frames", ImageEvent.getClassSchema()))
                .isEqualTo("frames-io.frameflow.event.ImageEvent");
    }

    @Test
    void framingIsMagicByteAndBigEndianId() throws Exception {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        ConfluentWireFormat.writeHeader(0x01020304, out);

        assertThat(out.toByteArray()).containsExactly(0, 1, 2, 3, 4);
        assertThat(ConfluentWireFormat.schemaId(new byte[] {0, (byte) 0x80, 0, 0, 1, 9}))
                .isEqualTo(0x80000001);
    }
}
