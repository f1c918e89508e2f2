package io.frameflow.sql;

import io.frameflow.event.LabelProbability;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.catalog.Column;
import org.apache.flink.table.catalog.ResolvedSchema;
import org.apache.flink.table.data.GenericArrayData;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.types.logical.ArrayType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.LogicalTypeFamily;
import org.apache.flink.table.types.logical.LogicalTypeRoot;
import org.apache.flink.table.types.logical.RowType;

/**
 * The model's {@code OUTPUT (...)} columns, recognised by name, and the rows the functions fill
 * them into. A classified image fills {@code label}, {@code probability} and {@code top_k} and
 * leaves {@code error} NULL; an image that cannot be classified leaves them NULL and says why in
 * {@code error}. Every column must therefore be nullable.
 */
final class OutputLayout implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The output columns the provider fills. */
    enum Kind {
        LABEL("label", "STRING"),
        PROBABILITY("probability", "FLOAT"),
        TOP_K("top_k", "ARRAY<ROW<label STRING, probability FLOAT>>"),
        ERROR("error", "STRING");

        final String column;
        final String example;

        Kind(String column, String example) {
            this.column = column;
            this.example = example;
        }

        static String all() {
            return Stream.of(values())
                    .map(k -> k.column + " " + k.example)
                    .collect(Collectors.joining(", "));
        }
    }

    private final List<Kind> columns;

    /** Per column: probabilities are DOUBLE rather than FLOAT (for probability and top_k). */
    private final List<Boolean> doubles;

    private OutputLayout(List<Kind> columns, List<Boolean> doubles) {
        this.columns = columns;
        this.doubles = doubles;
    }

    /** Checks a model's output schema; the error names the column and what it must be. */
    static OutputLayout of(ResolvedSchema output) {
        List<Kind> columns = new ArrayList<>();
        List<Boolean> doubles = new ArrayList<>();
        for (Column column : output.getColumns()) {
            Kind kind =
                    Stream.of(Kind.values())
                            .filter(k -> k.column.equals(column.getName()))
                            .findFirst()
                            .orElseThrow(
                                    () ->
                                            new ValidationException(
                                                    String.format(
                                                            "Model output column '%s' is not one"
                                                                    + " the frameflow provider"
                                                                    + " fills; declare any of: %s",
                                                            column.getName(), Kind.all())));
            LogicalType type = column.getDataType().getLogicalType();
            if (!type.isNullable()) {
                throw new ValidationException(
                        String.format(
                                "Model output column '%s' must be nullable (drop NOT NULL): a row"
                                        + " whose image cannot be classified gets NULL there",
                                column.getName()));
            }
            columns.add(kind);
            doubles.add(check(kind, column.getName(), type));
        }
        if (columns.isEmpty()) {
            throw new ValidationException(
                    "The model declares no output columns; declare any of: " + Kind.all());
        }
        return new OutputLayout(List.copyOf(columns), List.copyOf(doubles));
    }

    /** Checks a column's type; returns whether its probabilities are DOUBLE. */
    private static boolean check(Kind kind, String name, LogicalType type) {
        boolean valid;
        boolean isDouble = false;
        switch (kind) {
            case LABEL, ERROR -> valid = type.is(LogicalTypeFamily.CHARACTER_STRING);
            case PROBABILITY -> {
                valid = isProbability(type);
                isDouble = type.is(LogicalTypeRoot.DOUBLE);
            }
            default -> {
                valid = false;
                if (type instanceof ArrayType array
                        && array.getElementType() instanceof RowType row
                        && row.getFieldCount() == 2
                        && row.getFieldNames().equals(List.of("label", "probability"))
                        && row.getTypeAt(0).is(LogicalTypeFamily.CHARACTER_STRING)
                        && isProbability(row.getTypeAt(1))) {
                    valid = true;
                    isDouble = row.getTypeAt(1).is(LogicalTypeRoot.DOUBLE);
                }
            }
        }
        if (!valid) {
            throw new ValidationException(
                    String.format(
                            "Model output column '%s' is %s; it must be %s%s",
                            name,
                            type.asSummaryString(),
                            kind.example,
                            kind == Kind.PROBABILITY || kind == Kind.TOP_K
                                    ? " (or with DOUBLE probabilities)"
                                    : ""));
        }
        return isDouble;
    }

    private static boolean isProbability(LogicalType type) {
        return type.is(LogicalTypeRoot.FLOAT) || type.is(LogicalTypeRoot.DOUBLE);
    }

    /** Whether the model declares an {@code error} column. */
    boolean hasErrorColumn() {
        return columns.contains(Kind.ERROR);
    }

    /** The output row of a classified image, from its top-k labels (most probable first). */
    RowData classified(List<LabelProbability> topK) {
        GenericRowData row = new GenericRowData(columns.size());
        for (int i = 0; i < columns.size(); i++) {
            boolean asDouble = doubles.get(i);
            switch (columns.get(i)) {
                case LABEL -> row.setField(i, StringData.fromString(topK.get(0).getLabel()));
                case PROBABILITY ->
                        row.setField(i, probability(topK.get(0).getProbability(), asDouble));
                case TOP_K -> {
                    Object[] entries = new Object[topK.size()];
                    for (int k = 0; k < entries.length; k++) {
                        entries[k] =
                                GenericRowData.of(
                                        StringData.fromString(topK.get(k).getLabel()),
                                        probability(topK.get(k).getProbability(), asDouble));
                    }
                    row.setField(i, new GenericArrayData(entries));
                }
                case ERROR -> row.setField(i, null);
            }
        }
        return row;
    }

    /** The output row of an image that could not be classified: NULLs and the reason. */
    RowData rejected(String stage, String message) {
        GenericRowData row = new GenericRowData(columns.size());
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i) == Kind.ERROR) {
                row.setField(
                        i, StringData.fromString(stage.toLowerCase(Locale.ROOT) + ": " + message));
            }
        }
        return row;
    }

    private static Object probability(float value, boolean asDouble) {
        return asDouble ? (Object) (double) value : (Object) value;
    }
}
