package io.frameflow.job.produce;

import java.util.Locale;
import java.util.Set;

/** Which file names are images, their MIME types, and labels from the ImageFolder layout. */
final class ImageFiles {

    private static final Set<String> EXTENSIONS =
            Set.of("jpg", "jpeg", "png", "gif", "bmp", "webp", "tif", "tiff");

    private ImageFiles() {}

    static boolean isImage(String name) {
        return EXTENSIONS.contains(extension(name));
    }

    static String contentType(String name) {
        return switch (extension(name)) {
            case "jpg", "jpeg" -> "image/jpeg";
            case "png" -> "image/png";
            case "gif" -> "image/gif";
            case "bmp" -> "image/bmp";
            case "webp" -> "image/webp";
            case "tif", "tiff" -> "image/tiff";
            default -> "application/octet-stream";
        };
    }

    /** {@code root/<label>/img.jpg}: the folder the image is in, or null at the root. */
    static String labelOf(String relativePath) {
        String path = relativePath.replace('\\', '/');
        int slash = path.lastIndexOf('/');
        if (slash <= 0) {
            return null;
        }
        String parent = path.substring(0, slash);
        return parent.substring(parent.lastIndexOf('/') + 1);
    }

    private static String extension(String name) {
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }
}
