package io.frameflow.zoo.arch;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A MobileNet body as data: the rows of a {@code *.table} resource. The same file is read by the
 * cost model, the Python trainer and exporter, and the documentation.
 */
public record LayerTable(MobileNetFamily family, List<LayerRow> rows) {

    public LayerTable {
        rows = List.copyOf(rows);
    }

    /** Reads the table of a family from the classpath. */
    public static LayerTable load(MobileNetFamily family) {
        try (InputStream in = LayerTable.class.getResourceAsStream(family.tableResource())) {
            if (in == null) {
                throw new IllegalStateException(
                        "Layer table resource " + family.tableResource() + " is missing");
            }
            return parse(family, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Parses table text: one row per line, columns {@code op kernel stride channels expansion
     * repeat}, {@code -} for "not applicable", {@code #} starts a comment.
     */
    public static LayerTable parse(MobileNetFamily family, String text) {
        List<LayerRow> rows = new ArrayList<>();
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int hash = line.indexOf('#');
            String content = (hash >= 0 ? line.substring(0, hash) : line).strip();
            if (content.isEmpty()) {
                continue;
            }
            String[] cells = content.split("\\s+");
            if (cells.length != 6) {
                throw new IllegalArgumentException(
                        String.format(
                                "%s line %d: expected 6 columns (op kernel stride channels"
                                        + " expansion repeat), found %d",
                                family.tableResource(), i + 1, cells.length));
            }
            rows.add(
                    new LayerRow(
                            LayerOp.fromTableName(cells[0]),
                            number(cells[1]),
                            number(cells[2]),
                            number(cells[3]),
                            Math.max(1, number(cells[4])),
                            Math.max(1, number(cells[5]))));
        }
        return new LayerTable(family, rows);
    }

    private static int number(String cell) {
        return "-".equals(cell) ? 0 : Integer.parseInt(cell);
    }
}
