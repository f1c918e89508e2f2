package io.frameflow.job.backfill;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Optional;
import org.apache.commons.compress.archivers.ArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.flink.core.fs.Path;

/** Recognises archives by name and opens them as streams of members, from any Flink FileSystem. */
final class Archives {

    private Archives() {}

    /** The archive kind a path's name says, if any. */
    static Optional<BackfillItem.Kind> kindOf(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.endsWith(".zip")) {
            return Optional.of(BackfillItem.Kind.ZIP);
        }
        if (n.endsWith(".tar.gz") || n.endsWith(".tgz")) {
            return Optional.of(BackfillItem.Kind.TAR_GZ);
        }
        if (n.endsWith(".tar")) {
            return Optional.of(BackfillItem.Kind.TAR);
        }
        return Optional.empty();
    }

    /** Opens an archive for reading its members in order. */
    static ArchiveInputStream<?> open(BackfillItem.Kind kind, String uri) throws IOException {
        Path path = new Path(uri);
        InputStream in = new BufferedInputStream(path.getFileSystem().open(path), 1 << 16);
        try {
            return switch (kind) {
                case ZIP -> new ZipArchiveInputStream(in);
                case TAR -> new TarArchiveInputStream(in);
                case TAR_GZ -> new TarArchiveInputStream(new GzipCompressorInputStream(in));
                default -> throw new IllegalArgumentException(kind + " is not an archive");
            };
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    /** The folder a member sits in (its ImageFolder label), or null at the top. */
    static String folderLabel(String memberName) {
        String name = memberName.replace('\\', '/');
        int slash = name.lastIndexOf('/');
        if (slash <= 0) {
            return null;
        }
        String parent = name.substring(0, slash);
        return parent.substring(parent.lastIndexOf('/') + 1);
    }
}
