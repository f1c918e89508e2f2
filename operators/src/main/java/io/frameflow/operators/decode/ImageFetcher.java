package io.frameflow.operators.decode;

import io.frameflow.event.Stage;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

/**
 * Reads images that events give by URI, through Flink's {@link FileSystem} (local files here; S3,
 * HDFS and others where the cluster has the plugin). Only URIs under the configured roots are read,
 * after normalising {@code ..} away, so an event cannot make the job read arbitrary files.
 */
public final class ImageFetcher implements Serializable {
    private static final long serialVersionUID = 1L;

    private final List<URI> allowedRoots;

    /**
     * @param allowedRoots URI prefixes images may be read from, e.g. {@code file:/data/images/} or
     *     {@code s3://bucket/frames/}; empty disables reading by URI
     */
    public ImageFetcher(List<URI> allowedRoots) {
        this.allowedRoots = allowedRoots.stream().map(ImageFetcher::asDirectory).toList();
    }

    /** The image bytes behind a URI, checked against the roots and the byte limit. */
    public byte[] fetch(String uri, ImageDecoder decoder) throws RejectedImageException {
        URI target = resolve(uri);
        Path path = new Path(target);
        try {
            FileSystem fs = path.getFileSystem();
            FileStatus status = fs.getFileStatus(path);
            if (status.isDir()) {
                throw new RejectedImageException(Stage.FETCH, "URI " + uri + " is a directory");
            }
            decoder.checkByteLimit(status.getLen());
            try (InputStream in = fs.open(path)) {
                // Read one byte past the limit: a file that grew since the status check is caught.
                byte[] bytes =
                        in.readNBytes(
                                (int)
                                        Math.min(
                                                Integer.MAX_VALUE - 8,
                                                decoder.limits().maxBytes() + 1));
                decoder.checkByteLimit(bytes.length);
                return bytes;
            }
        } catch (RejectedImageException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new RejectedImageException(
                    Stage.FETCH, "cannot read " + uri + ": " + e.getMessage(), e);
        }
    }

    private URI resolve(String uri) throws RejectedImageException {
        if (allowedRoots.isEmpty()) {
            throw new RejectedImageException(
                    Stage.FETCH,
                    "reading images by URI is disabled; list the allowed roots in"
                            + " image.allowed-roots to enable it (URI "
                            + uri
                            + ")");
        }
        URI target;
        try {
            target = new URI(uri);
        } catch (URISyntaxException e) {
            throw new RejectedImageException(Stage.FETCH, "malformed URI " + uri, e);
        }
        if (target.getScheme() == null) {
            target = new File(uri).toURI();
        }
        target = target.normalize();
        String canonical = canonical(target);
        if (canonical.contains("/../") || canonical.endsWith("/..")) {
            throw new RejectedImageException(Stage.FETCH, "URI " + uri + " escapes its root");
        }
        for (URI root : allowedRoots) {
            if (canonical.startsWith(canonical(root))) {
                return target;
            }
        }
        throw new RejectedImageException(
                Stage.FETCH, "URI " + uri + " is outside the allowed roots " + allowedRoots);
    }

    /** One spelling per location: {@code file:/a}, {@code file:///a} and {@code /a} agree. */
    private static String canonical(URI uri) {
        String scheme = uri.getScheme() == null ? "file" : uri.getScheme().toLowerCase(Locale.ROOT);
        String authority = uri.getRawAuthority() == null ? "" : uri.getRawAuthority();
        return scheme + "://" + authority + uri.getRawPath();
    }

    private static URI asDirectory(URI root) {
        URI normalized =
                (root.getScheme() == null ? new File(root.getPath()).toURI() : root).normalize();
        String text = normalized.toString();
        return text.endsWith("/") ? normalized : URI.create(text + "/");
    }
}
