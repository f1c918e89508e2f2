package io.frameflow.job.produce;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.commons.compress.archivers.ArchiveEntry;
import org.apache.commons.compress.archivers.ArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/** The images inside a zip, tar or tar.gz archive, streamed entry by entry. */
public final class ArchiveFrames implements FrameSource {

    private final ArchiveInputStream<?> archive;

    public ArchiveFrames(Path file) throws IOException {
        String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        if (name.endsWith(".zip")) {
            archive = new ZipArchiveInputStream(in);
        } else if (name.endsWith(".tar.gz") || name.endsWith(".tgz")) {
            archive = new TarArchiveInputStream(new GzipCompressorInputStream(in));
        } else if (name.endsWith(".tar")) {
            archive = new TarArchiveInputStream(in);
        } else {
            in.close();
            throw new IOException("Not a zip, tar or tar.gz archive: " + file);
        }
    }

    /** Whether a path names an archive this source reads. */
    public static boolean isArchive(Path file) {
        String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        return name.endsWith(".zip")
                || name.endsWith(".tar")
                || name.endsWith(".tar.gz")
                || name.endsWith(".tgz");
    }

    @Override
    public Optional<SourceFrame> next() throws IOException {
        ArchiveEntry entry;
        while ((entry = archive.getNextEntry()) != null) {
            if (!entry.isDirectory() && ImageFiles.isImage(entry.getName())) {
                return Optional.of(
                        new SourceFrame(
                                archive.readAllBytes(),
                                ImageFiles.contentType(entry.getName()),
                                ImageFiles.labelOf(entry.getName()),
                                entry.getName()));
            }
        }
        return Optional.empty();
    }

    @Override
    public void close() throws IOException {
        archive.close();
    }
}
