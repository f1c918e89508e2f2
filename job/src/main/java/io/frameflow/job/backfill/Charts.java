package io.frameflow.job.backfill;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * The plots of the backfill report and the benchmark, drawn with Java 2D so that no plotting
 * library or display is needed.
 */
public final class Charts {

    private static final int W = 900;
    private static final int H = 520;
    private static final int LEFT = 80;
    private static final int RIGHT = 30;
    private static final int TOP = 50;
    private static final int BOTTOM = 110;
    private static final Color BAR = new Color(52, 101, 164);
    private static final Color[] SERIES = {
        BAR,
        new Color(204, 0, 0),
        new Color(78, 154, 6),
        new Color(245, 121, 0),
        new Color(117, 80, 123),
        new Color(193, 125, 17),
        new Color(85, 87, 83)
    };

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private Charts() {}

    /** Vertical bars, one per label. */
    public static void bars(
            String title, String yLabel, List<String> labels, double[] values, Path file)
            throws IOException {
        BufferedImage image = canvas();
        Graphics2D g = graphics(image, title);
        double max = 0;
        for (double v : values) {
            max = Math.max(max, v);
        }
        axes(g, yLabel, max);
        int n = Math.max(1, values.length);
        double slot = (double) (W - LEFT - RIGHT) / n;
        for (int i = 0; i < values.length; i++) {
            int h = max == 0 ? 0 : (int) ((H - TOP - BOTTOM) * values[i] / max);
            int x = LEFT + (int) (i * slot + slot * 0.1);
            g.setColor(BAR);
            g.fillRect(x, H - BOTTOM - h, Math.max(1, (int) (slot * 0.8)), h);
            g.setColor(Color.DARK_GRAY);
            drawRotated(g, labels.get(i), x + (int) (slot * 0.4), H - BOTTOM + 8);
        }
        write(image, g, file);
    }

    /** A line through (x, y) points. */
    static void line(
            String title, String xLabel, String yLabel, double[] xs, double[] ys, Path file)
            throws IOException {
        lines(title, xLabel, yLabel, Map.of("", new double[][] {xs, ys}), file);
    }

    /**
     * Lines through (x, y) points, one per named series ({@code {xs, ys}}), with a legend when
     * there is more than one.
     */
    public static void lines(
            String title, String xLabel, String yLabel, Map<String, double[][]> series, Path file)
            throws IOException {
        BufferedImage image = canvas();
        Graphics2D g = graphics(image, title);
        double maxY = 0;
        double maxX = 0;
        for (double[][] xy : series.values()) {
            for (int i = 0; i < xy[1].length; i++) {
                maxY = Math.max(maxY, xy[1][i]);
                maxX = Math.max(maxX, xy[0][i]);
            }
        }
        axes(g, yLabel, maxY);
        g.setColor(Color.DARK_GRAY);
        g.drawString(
                xLabel + " (0 to " + String.format(Locale.ROOT, "%.4g", maxX) + ")",
                W / 2 - 60,
                H - BOTTOM + 40);
        g.setStroke(new BasicStroke(2f));
        int index = 0;
        for (Map.Entry<String, double[][]> entry : series.entrySet()) {
            double[] xs = entry.getValue()[0];
            double[] ys = entry.getValue()[1];
            Color color = SERIES[index % SERIES.length];
            g.setColor(color);
            for (int i = 1; i < ys.length; i++) {
                g.drawLine(x(xs[i - 1], maxX), y(ys[i - 1], maxY), x(xs[i], maxX), y(ys[i], maxY));
            }
            if (ys.length == 1) {
                g.fillOval(x(xs[0], maxX) - 3, y(ys[0], maxY) - 3, 6, 6);
            }
            if (series.size() > 1) {
                int ly = H - BOTTOM + 60 + (index / 3) * 16;
                int lx = LEFT + (index % 3) * 260;
                g.fillRect(lx, ly - 9, 18, 4);
                g.setColor(Color.DARK_GRAY);
                g.drawString(entry.getKey(), lx + 24, ly - 4);
            }
            index++;
        }
        write(image, g, file);
    }

    /** A matrix of counts, rows = truth, columns = prediction, darker = more. */
    static void heatMap(String title, List<String> labels, long[][] counts, Path file)
            throws IOException {
        BufferedImage image = canvas();
        Graphics2D g = graphics(image, title);
        int n = labels.size();
        int size = Math.min(W - 2 * LEFT, H - TOP - BOTTOM + 60);
        int cell = Math.max(1, size / Math.max(1, n));
        int x0 = LEFT + 60;
        int y0 = TOP + 10;
        long max = 1;
        for (long[] row : counts) {
            for (long c : row) {
                max = Math.max(max, c);
            }
        }
        g.setFont(g.getFont().deriveFont(10f));
        for (int r = 0; r < n; r++) {
            g.setColor(Color.DARK_GRAY);
            g.drawString(shorten(labels.get(r)), 4, y0 + r * cell + cell / 2 + 4);
            for (int c = 0; c < n; c++) {
                float shade = (float) Math.sqrt((double) counts[r][c] / max);
                g.setColor(new Color(1f - 0.8f * shade, 1f - 0.6f * shade, 1f - 0.3f * shade));
                g.fillRect(x0 + c * cell, y0 + r * cell, cell, cell);
                g.setColor(shade > 0.5f ? Color.WHITE : Color.BLACK);
                if (cell >= 24) {
                    g.drawString(
                            Long.toString(counts[r][c]),
                            x0 + c * cell + 3,
                            y0 + r * cell + cell / 2 + 4);
                }
            }
        }
        g.setColor(Color.DARK_GRAY);
        for (int c = 0; c < n; c++) {
            drawRotated(g, labels.get(c), x0 + c * cell + cell / 2, y0 + n * cell + 6);
        }
        g.drawString("rows: true label, columns: predicted", x0, H - 12);
        write(image, g, file);
    }

    private static BufferedImage canvas() {
        return new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
    }

    private static Graphics2D graphics(BufferedImage image, String title) {
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, W, H);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.drawString(title, LEFT, 30);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        return g;
    }

    private static void axes(Graphics2D g, String yLabel, double max) {
        g.setColor(Color.GRAY);
        g.drawLine(LEFT, TOP, LEFT, H - BOTTOM);
        g.drawLine(LEFT, H - BOTTOM, W - RIGHT, H - BOTTOM);
        for (int i = 0; i <= 4; i++) {
            double v = max * i / 4;
            int y = y(v, max);
            g.drawLine(LEFT - 4, y, LEFT, y);
            g.drawString(String.format(Locale.ROOT, "%.4g", v), 4, y + 4);
        }
        g.drawString(yLabel, LEFT + 6, TOP - 6);
    }

    private static int x(double v, double max) {
        return LEFT + (int) ((W - LEFT - RIGHT) * (max == 0 ? 0 : v / max));
    }

    private static int y(double v, double max) {
        return H - BOTTOM - (int) ((H - TOP - BOTTOM) * (max == 0 ? 0 : v / max));
    }

    private static void drawRotated(Graphics2D g, String text, int x, int y) {
        var saved = g.getTransform();
        g.translate(x, y);
        g.rotate(Math.PI / 4);
        g.drawString(shorten(text), 0, 0);
        g.setTransform(saved);
    }

    private static String shorten(String text) {
        return text.length() > 18 ? text.substring(0, 17) + "…" : text;
    }

    private static void write(BufferedImage image, Graphics2D g, Path file) throws IOException {
        g.dispose();
        ImageIO.write(image, "png", file.toFile());
    }
}
