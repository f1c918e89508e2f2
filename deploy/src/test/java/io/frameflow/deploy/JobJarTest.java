package io.frameflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/** The shaded job jar holds what a cluster lacks, and none of what it has. */
class JobJarTest {

    private static final Path JAR =
            Path.of(
                    System.getProperty(
                            "job.jar", "../job/target/frameflow-job-0.1.0-SNAPSHOT-all.jar"));

    @Test
    void hasDjlLibtorchAndTheSqlProviderButNoFlinkRuntimeAndMergedServices() throws Exception {
        assertThat(JAR)
                .as("the shaded job jar, made by `package` of the job module")
                .isRegularFile();
        try (JarFile jar = new JarFile(JAR.toFile())) {
            assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class"))
                    .isEqualTo("io.frameflow.job.cli.FrameflowCli");
            assertThat(jar.getEntry("ai/djl/pytorch/engine/PtEngine.class")).isNotNull();
            assertThat(jar.getEntry("pytorch/cpu/linux-x86_64/libtorch_cpu.so")).isNotNull();
            assertThat(jar.getEntry("io/frameflow/event/Prediction.class")).isNotNull();
            assertThat(jar.stream().map(e -> e.getName()))
                    .noneMatch(n -> n.startsWith("org/apache/flink/runtime/"))
                    .noneMatch(n -> n.startsWith("org/apache/flink/streaming/api/environment/"))
                    .noneMatch(n -> n.startsWith("kafka/server/"))
                    .noneMatch(n -> n.startsWith("org/apache/logging/log4j/core/"));
            assertThat(service(jar, "ai.djl.engine.EngineProvider"))
                    .contains("ai.djl.pytorch.engine.PtEngineProvider");
            // ImageIO readers of TwelveMonkeys (JPEG with CMYK, WebP, BMP) merged into one file.
            assertThat(service(jar, "javax.imageio.spi.ImageReaderSpi"))
                    .contains("com.twelvemonkeys.imageio.plugins.jpeg.JPEGImageReaderSpi")
                    .contains("com.twelvemonkeys.imageio.plugins.webp.WebPImageReaderSpi")
                    .contains("com.twelvemonkeys.imageio.plugins.bmp.BMPImageReaderSpi");
            // Flink SQL finds the model provider, the Kafka tables and the avro format here;
            // the planner and table runtime are a distribution's (lib/).
            assertThat(service(jar, "org.apache.flink.table.factories.Factory"))
                    .contains("io.frameflow.sql.FrameflowModelProviderFactory")
                    .contains(
                            "org.apache.flink.streaming.connectors.kafka.table.KafkaDynamicTableFactory")
                    .contains("org.apache.flink.formats.avro.AvroFormatFactory");
            assertThat(jar.getEntry("io/frameflow/sql/AsyncImageClassifyFunction.class"))
                    .isNotNull();
            assertThat(jar.stream().map(e -> e.getName()))
                    .noneMatch(n -> n.startsWith("org/apache/flink/table/planner/"))
                    .noneMatch(n -> n.startsWith("org/apache/flink/table/runtime/"))
                    .noneMatch(n -> n.startsWith("org/apache/flink/table/api/bridge/"));
        }
    }

    private static String service(JarFile jar, String name) throws Exception {
        var entry = jar.getEntry("META-INF/services/" + name);
        assertThat(entry).as(name).isNotNull();
        try (var in = jar.getInputStream(entry)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
