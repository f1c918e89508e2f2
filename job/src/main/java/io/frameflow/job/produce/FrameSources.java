package io.frameflow.job.produce;

import io.frameflow.zoo.data.FashionMnist;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Opens the {@link FrameSource} a {@code producer.source} value names. */
public final class FrameSources {

    private FrameSources() {}

    public static FrameSource open(String source) throws IOException {
        String s = source.strip();
        if (s.equals("fashion-mnist")) {
            return new FashionMnistFrames(FashionMnist.testSet());
        }
        if (s.startsWith("fashion-mnist:")) {
            return new FashionMnistFrames(FashionMnist.read(Path.of(s.substring(14)), "t10k"));
        }
        if (s.startsWith("http://") || s.startsWith("https://")) {
            return new MjpegFrames(s);
        }
        Path path = Path.of(s);
        if (Files.isDirectory(path)) {
            return new FolderFrames(path);
        }
        if (Files.isRegularFile(path) && ArchiveFrames.isArchive(path)) {
            return new ArchiveFrames(path);
        }
        throw new IOException(
                "producer.source '"
                        + source
                        + "' is neither 'fashion-mnist', a folder, a"
                        + " .zip/.tar/.tar.gz archive nor an http(s) MJPEG URL");
    }
}
