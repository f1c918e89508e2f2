package io.frameflow.operators.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.frameflow.event.Stage;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFetcherTest {

    @TempDir Path tmp;

    private final ImageDecoder decoder = new ImageDecoder(new ImageLimits(1_000, 1_000_000));

    @Test
    void readsAFileUnderAnAllowedRoot() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("images"));
        Files.write(root.resolve("a.bin"), new byte[] {1, 2, 3});
        ImageFetcher fetcher = new ImageFetcher(List.of(root.toUri()));

        assertThat(fetcher.fetch(root.resolve("a.bin").toUri().toString(), decoder))
                .containsExactly(1, 2, 3);
        assertThat(fetcher.fetch(root.resolve("a.bin").toString(), decoder)).hasSize(3);
    }

    @Test
    void refusesPathsThatClimbOutOfTheRoot() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("images"));
        Files.write(tmp.resolve("secret"), new byte[] {9});
        ImageFetcher fetcher = new ImageFetcher(List.of(root.toUri()));

        assertThatThrownBy(() -> fetcher.fetch(root + "/../secret", decoder))
                .isInstanceOfSatisfying(
                        RejectedImageException.class,
                        e -> assertThat(e.stage()).isEqualTo(Stage.FETCH))
                .hasMessageContaining("outside the allowed roots");
        assertThatThrownBy(() -> fetcher.fetch("file:/etc/passwd", decoder))
                .hasMessageContaining("outside the allowed roots");
    }

    @Test
    void aRootIsAFolderNotAPrefixOfNames() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("images"));
        Path sibling = Files.createDirectories(tmp.resolve("images-private"));
        Files.write(sibling.resolve("x"), new byte[] {1});
        ImageFetcher fetcher = new ImageFetcher(List.of(root.toUri()));

        assertThatThrownBy(() -> fetcher.fetch(sibling.resolve("x").toString(), decoder))
                .hasMessageContaining("outside the allowed roots");
    }

    @Test
    void missingFileIsAFetchFailure() {
        ImageFetcher fetcher = new ImageFetcher(List.of(tmp.toUri()));

        assertThatThrownBy(() -> fetcher.fetch(tmp.resolve("nothing.jpg").toString(), decoder))
                .isInstanceOfSatisfying(
                        RejectedImageException.class,
                        e -> assertThat(e.stage()).isEqualTo(Stage.FETCH))
                .hasMessageContaining("cannot read");
    }

    @Test
    void aFileOverTheByteLimitIsNotRead() throws Exception {
        Files.write(tmp.resolve("big"), new byte[2_000]);
        ImageFetcher fetcher = new ImageFetcher(List.of(tmp.toUri()));

        assertThatThrownBy(() -> fetcher.fetch(tmp.resolve("big").toString(), decoder))
                .isInstanceOfSatisfying(
                        RejectedImageException.class,
                        e -> assertThat(e.stage()).isEqualTo(Stage.VALIDATE))
                .hasMessageContaining("max image bytes");
    }

    @Test
    void withoutRootsReadingByUriIsDisabled() {
        ImageFetcher fetcher = new ImageFetcher(List.of());

        assertThatThrownBy(() -> fetcher.fetch(URI.create("file:/tmp/a.jpg").toString(), decoder))
                .hasMessageContaining("reading images by URI is disabled")
                .hasMessageContaining("image.allowed-roots");
    }
}
