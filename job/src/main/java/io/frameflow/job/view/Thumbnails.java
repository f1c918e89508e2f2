package io.frameflow.job.view;

import io.frameflow.operators.decode.ImageDecoder;
import io.frameflow.operators.decode.ImageLimits;
import io.frameflow.operators.decode.RejectedImageException;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/**
 * Small PNG previews of frames, made on the server so the browser never sees (or decodes) the
 * original bytes from the wire. Images are decoded by the job's own {@link ImageDecoder}: the same
 * byte and pixel limits, formats and orientation handling.
 */
final class Thumbnails {

    private final ImageDecoder decoder;
    private final int size;

    /**
     * @param limits byte and pixel limits of the images to decode
     * @param size longest side of a thumbnail in pixels
     */
    Thumbnails(ImageLimits limits, int size) {
        this.decoder = new ImageDecoder(limits);
        this.size = size;
    }

    /** The thumbnail as PNG bytes; throws when the image does not decode. */
    byte[] png(byte[] image) throws RejectedImageException {
        BufferedImage decoded = decoder.decode(image);
        double scale = (double) size / Math.max(decoded.getWidth(), decoded.getHeight());
        int w = Math.max(1, (int) Math.round(decoded.getWidth() * scale));
        int h = Math.max(1, (int) Math.round(decoded.getHeight() * scale));
        BufferedImage small = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = small.createGraphics();
        try {
            g.setRenderingHint(
                    RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(decoded, 0, 0, w, h, null);
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(small, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException("PNG encoding in memory failed", e);
        }
        return out.toByteArray();
    }
}
