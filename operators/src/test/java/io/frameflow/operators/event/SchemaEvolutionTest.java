package io.frameflow.operators.event;

import static org.assertj.core.api.Assertions.assertThat;

import io.frameflow.event.DeadLetter;
import io.frameflow.event.ImageEvent;
import io.frameflow.event.ModelDescriptor;
import io.frameflow.event.ModelStatus;
import io.frameflow.event.Prediction;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every released version of each event schema lives in {@code schema-history/<Name>-v<N>.avsc}; the
 * current schema must read data written with each of them (new fields optional, with defaults). Add
 * the new version there when a schema changes.
 */
class SchemaEvolutionTest {

    static Stream<Object[]> history() throws IOException, URISyntaxException {
        Path folder = Path.of(SchemaEvolutionTest.class.getResource("/schema-history").toURI());
        List<Schema> current =
                List.of(
                        ImageEvent.getClassSchema(),
                        Prediction.getClassSchema(),
                        DeadLetter.getClassSchema(),
                        ModelDescriptor.getClassSchema(),
                        ModelStatus.getClassSchema());
        try (Stream<Path> files = Files.list(folder)) {
            List<Path> versions = files.sorted().toList();
            assertThat(versions).hasSizeGreaterThanOrEqualTo(current.size());
            return versions.stream()
                    .map(
                            file -> {
                                String name =
                                        file.getFileName()
                                                .toString()
                                                .replaceAll("-v\\d+\\.avsc$", "");
                                Schema now =
                                        current.stream()
                                                .filter(s -> s.getName().equals(name))
                                                .findFirst()
                                                .orElseThrow(
                                                        () ->
                                                                new AssertionError(
                                                                        "no current schema for "
                                                                                + file));
                                return new Object[] {
                                    file.getFileName().toString(), parse(file), now
                                };
                            })
                    .toList()
                    .stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("history")
    void currentSchemaReadsDataWrittenWithEachPreviousVersion(
            String version, Schema writer, Schema reader) {
        SchemaCompatibility.SchemaPairCompatibility result =
                SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);

        assertThat(result.getType())
                .as("%s: %s", version, result.getDescription())
                .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
    }

    private static Schema parse(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return new Schema.Parser().parse(in);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
