package io.frameflow.zoo.model;

import ai.djl.ndarray.types.DataType;
import java.util.Locale;

/**
 * The floating-point type a model computes in. {@code fp16} halves the memory traffic on a GPU; it
 * needs a half-precision TorchScript export beside the float one ({@code <name>.fp16.pt}), because
 * a frozen export keeps its weights as graph constants that no load option can convert.
 */
public enum Precision {
    FP32(DataType.FLOAT32),
    FP16(DataType.FLOAT16);

    private final DataType dataType;

    Precision(DataType dataType) {
        this.dataType = dataType;
    }

    /** The DJL data type of the model's input. */
    public DataType dataType() {
        return dataType;
    }

    /** Parses {@code fp32} or {@code fp16}. */
    public static Precision parse(String text) {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "fp32", "float32" -> FP32;
            case "fp16", "float16", "half" -> FP16;
            default ->
                    throw new IllegalArgumentException(
                            "precision must be fp32 or fp16, was '" + text + "'");
        };
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
