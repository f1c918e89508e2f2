package io.frameflow.zoo.model;

import java.io.Serializable;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What model to load and how to run it: where it is, the preprocessing it expects, top-k, the
 * device, and an optional SHA-256 pin. Serializable, so a Flink job can ship it to its tasks.
 *
 * <p>Built like DJL's {@code Criteria}: {@code set*} for required fields, {@code opt*} for optional
 * ones, everything validated in {@link Builder#build()}.
 */
public final class ModelSpec implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The location that names the model bundled with Frameflow. */
    public static final String BUNDLED = "bundled";

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private final String location;
    private final Preprocessing preprocessing;
    private final int topK;
    private final DeviceChoice device;
    private final Precision precision;
    private final boolean cpuFallback;
    private final String sha256;
    private final boolean applySoftmax;

    private ModelSpec(Builder b) {
        this.location = b.location;
        this.preprocessing = b.preprocessing;
        this.topK = b.topK;
        this.device = b.device;
        this.precision = b.precision;
        this.cpuFallback = b.cpuFallback;
        this.sha256 = b.sha256;
        this.applySoftmax = b.applySoftmax;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The bundled Fashion-MNIST model with default settings. */
    public static ModelSpec bundled() {
        return builder().setLocation(BUNDLED).build();
    }

    /**
     * {@code bundled}, a TorchScript file or folder, or a {@code file:}, {@code http(s):}, {@code
     * s3:} or {@code djl:} URL.
     */
    public String location() {
        return location;
    }

    /** The preprocessing to use instead of the model folder's {@code serving.properties}. */
    public Optional<Preprocessing> preprocessing() {
        return Optional.ofNullable(preprocessing);
    }

    public int topK() {
        return topK;
    }

    public DeviceChoice device() {
        return device;
    }

    /** The floating-point type the model computes in. */
    public Precision precision() {
        return precision;
    }

    /** Whether a missing GPU falls back to the CPU instead of failing. */
    public boolean cpuFallback() {
        return cpuFallback;
    }

    /** The expected SHA-256 of the TorchScript file, lower-case hex. */
    public Optional<String> sha256() {
        return Optional.ofNullable(sha256);
    }

    /** Whether the model's outputs are logits that need a softmax. */
    public boolean applySoftmax() {
        return applySoftmax;
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.location = location;
        b.preprocessing = preprocessing;
        b.topK = topK;
        b.device = device;
        b.precision = precision;
        b.cpuFallback = cpuFallback;
        b.sha256 = sha256;
        b.applySoftmax = applySoftmax;
        return b;
    }

    @Override
    public String toString() {
        return "ModelSpec["
                + location
                + ", device="
                + device
                + ", precision="
                + precision
                + ", topK="
                + topK
                + "]";
    }

    /** Builder of {@link ModelSpec}. */
    public static final class Builder {
        private String location;
        private Preprocessing preprocessing;
        private int topK = 5;
        private DeviceChoice device = DeviceChoice.CPU;
        private Precision precision = Precision.FP32;
        private boolean cpuFallback;
        private String sha256;
        private boolean applySoftmax = true;

        private Builder() {}

        public Builder setLocation(String location) {
            this.location = location;
            return this;
        }

        public Builder optPreprocessing(Preprocessing preprocessing) {
            this.preprocessing = preprocessing;
            return this;
        }

        public Builder optTopK(int topK) {
            this.topK = topK;
            return this;
        }

        public Builder optDevice(DeviceChoice device) {
            this.device = device;
            return this;
        }

        public Builder optPrecision(Precision precision) {
            this.precision = precision;
            return this;
        }

        public Builder optCpuFallback(boolean cpuFallback) {
            this.cpuFallback = cpuFallback;
            return this;
        }

        public Builder optSha256(String sha256) {
            this.sha256 = sha256 == null ? null : sha256.strip().toLowerCase(Locale.ROOT);
            return this;
        }

        public Builder optApplySoftmax(boolean applySoftmax) {
            this.applySoftmax = applySoftmax;
            return this;
        }

        /** Checks the fields and builds the spec. */
        public ModelSpec build() {
            if (location == null || location.isBlank()) {
                throw new IllegalArgumentException(
                        "model location is required: 'bundled', a TorchScript file or folder, or a"
                                + " URL");
            }
            if (topK < 1) {
                throw new IllegalArgumentException("topK must be >= 1, was " + topK);
            }
            if (device == null) {
                throw new IllegalArgumentException("device is required");
            }
            if (precision == null) {
                throw new IllegalArgumentException("precision is required");
            }
            if (sha256 != null && !SHA256.matcher(sha256).matches()) {
                throw new IllegalArgumentException(
                        "sha256 must be 64 hexadecimal digits, was '" + sha256 + "'");
            }
            return new ModelSpec(this);
        }
    }
}
