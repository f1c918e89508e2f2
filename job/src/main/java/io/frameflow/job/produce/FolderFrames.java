package io.frameflow.job.produce;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** The images of a folder and its subfolders, in path order; labels from the ImageFolder layout. */
public final class FolderFrames implements FrameSource {

    private final Path root;
    private final Iterator<Path> files;

    public FolderFrames(Path root) throws IOException {
        this.root = root;
        try (Stream<Path> walk = Files.walk(root)) {
            List<Path> images =
                    walk.filter(Files::isRegularFile)
                            .filter(p -> ImageFiles.isImage(p.getFileName().toString()))
                            .sorted()
                            .toList();
            this.files = images.iterator();
        }
    }

    @Override
    public Optional<SourceFrame> next() throws IOException {
        if (!files.hasNext()) {
            return Optional.empty();
        }
        Path file = files.next();
        String relative = root.relativize(file).toString();
        return Optional.of(
                new SourceFrame(
                        Files.readAllBytes(file),
                        ImageFiles.contentType(relative),
                        ImageFiles.labelOf(relative),
                        relative));
    }
}
