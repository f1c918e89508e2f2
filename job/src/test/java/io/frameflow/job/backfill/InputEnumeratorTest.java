package io.frameflow.job.backfill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InputEnumeratorTest {

    @TempDir Path tmp;

    @Test
    void foldersHonourIncludeAndExcludeGlobsAndFolderLabels() throws Exception {
        write("cats/a.jpg");
        write("cats/b.png");
        write("dogs/c.jpg");
        write("dogs/thumbs/d.jpg");
        InputEnumerator enumerator =
                new InputEnumerator(List.of("**.jpg"), List.of("**/thumbs/**"), true, Map.of());

        List<BackfillItem> items = enumerator.enumerate(List.of(tmp.toString()));

        assertThat(items)
                .extracting(i -> Path.of(java.net.URI.create(i.uri)).getFileName().toString())
                .containsExactly("a.jpg", "c.jpg");
        assertThat(items).extracting(i -> i.label).containsExactly("cats", "dogs");
    }

    @Test
    void listFilesAndCsvLabels() throws Exception {
        Path a = write("x/a.jpg");
        Path b = write("y/b.jpg");
        Path list =
                Files.writeString(tmp.resolve("inputs.txt"), "# images\n" + a + "\n\n" + b + "\n");
        InputEnumerator enumerator =
                new InputEnumerator(
                        List.of(), List.of(), false, Map.of(a.toString(), "shoe", "b.jpg", "bag"));

        List<BackfillItem> items = enumerator.enumerate(List.of(list.toString()));

        assertThat(items).extracting(i -> i.label).containsExactly("shoe", "bag");
    }

    @Test
    void fashionMnistIsSplitIntoRangesForParallelReaders() throws Exception {
        List<BackfillItem> items =
                new InputEnumerator(List.of(), List.of(), false, Map.of())
                        .enumerate(List.of("fashion-mnist"));

        assertThat(items).hasSize(10);
        assertThat(items.stream().mapToInt(i -> i.images).sum()).isEqualTo(10_000);
        assertThat(items.get(9).from).isEqualTo(9_000);
    }

    @Test
    void aMissingInputIsAClearError() {
        assertThatThrownBy(
                        () ->
                                new InputEnumerator(List.of(), List.of(), false, Map.of())
                                        .enumerate(List.of(tmp.resolve("nope").toString())))
                .hasMessageContaining("does not exist");
    }

    private Path write(String relative) throws Exception {
        Path file = tmp.resolve(relative);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, "x");
    }
}
