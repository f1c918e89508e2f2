package io.frameflow.job.produce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FrameSourcesTest {

    @TempDir Path tmp;

    @Test
    void aFolderYieldsItsImagesWithImageFolderLabels() throws Exception {
        Path root = tmp.resolve("images");
        write(root.resolve("cat/a.jpg"), "A");
        write(root.resolve("dog/b.PNG"), "B");
        write(root.resolve("top.gif"), "C");
        write(root.resolve("dog/notes.txt"), "not an image");

        List<SourceFrame> frames = readAll(FrameSources.open(root.toString()));

        assertThat(frames)
                .extracting(SourceFrame::name)
                .containsExactly("cat/a.jpg", "dog/b.PNG", "top.gif");
        assertThat(frames).extracting(SourceFrame::label).containsExactly("cat", "dog", null);
        assertThat(frames)
                .extracting(SourceFrame::contentType)
                .containsExactly("image/jpeg", "image/png", "image/gif");
        assertThat(new String(frames.get(0).bytes(), StandardCharsets.UTF_8)).isEqualTo("A");
    }

    @Test
    void zipArchives() throws Exception {
        Path zip = tmp.resolve("frames.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            entry(out, "shoes/1.jpg", "one");
            entry(out, "readme.md", "skip me");
            entry(out, "bags/2.png", "two");
        }

        List<SourceFrame> frames = readAll(FrameSources.open(zip.toString()));

        assertThat(frames).extracting(SourceFrame::label).containsExactly("shoes", "bags");
        assertThat(frames)
                .extracting(f -> new String(f.bytes(), StandardCharsets.UTF_8))
                .containsExactly("one", "two");
    }

    @Test
    void gzippedTarArchives() throws Exception {
        Path tar = tmp.resolve("frames.tar.gz");
        try (TarArchiveOutputStream out =
                new TarArchiveOutputStream(new GZIPOutputStream(Files.newOutputStream(tar)))) {
            byte[] data = "pixels".getBytes(StandardCharsets.UTF_8);
            TarArchiveEntry entry = new TarArchiveEntry("coats/x.bmp");
            entry.setSize(data.length);
            out.putArchiveEntry(entry);
            out.write(data);
            out.closeArchiveEntry();
        }

        List<SourceFrame> frames = readAll(FrameSources.open(tar.toString()));

        assertThat(frames)
                .singleElement()
                .satisfies(
                        f -> {
                            assertThat(f.label()).isEqualTo("coats");
                            assertThat(f.contentType()).isEqualTo("image/bmp");
                        });
    }

    @Test
    void theBundledFashionMnistTestSetIsLabelled() throws Exception {
        FrameSource source = FrameSources.open("fashion-mnist");

        SourceFrame first = source.next().orElseThrow();

        assertThat(first.label()).isEqualTo("Ankle boot");
        assertThat(first.contentType()).isEqualTo("image/png");
    }

    @Test
    void somethingElseIsAClearError() {
        assertThatThrownBy(() -> FrameSources.open(tmp.resolve("missing").toString()))
                .hasMessageContaining("neither 'fashion-mnist', a folder");
    }

    private static List<SourceFrame> readAll(FrameSource source) throws IOException {
        List<SourceFrame> frames = new ArrayList<>();
        try (source) {
            Optional<SourceFrame> frame;
            while ((frame = source.next()).isPresent()) {
                frames.add(frame.get());
            }
        }
        return frames;
    }

    private static void write(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    private static void entry(ZipOutputStream out, String name, String content) throws IOException {
        out.putNextEntry(new ZipEntry(name));
        out.write(content.getBytes(StandardCharsets.UTF_8));
        out.closeEntry();
    }
}
