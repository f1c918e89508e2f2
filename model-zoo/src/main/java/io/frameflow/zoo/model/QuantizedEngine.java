package io.frameflow.zoo.model;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kernels libtorch runs int8 (quantized) models with, chosen once per JVM before an int8 model
 * loads: Python's {@code torch.backends.quantized.engine}. Loading an int8 TorchScript packs its
 * weights for the engine set at that moment, so the choice must come first; float models do not
 * care.
 *
 * <p>DJL's libtorch 2.7.1 for x86-64 CPUs supports all four and starts with {@link #X86}.
 */
public enum QuantizedEngine {
    /** FBGEMM, using oneDNN where it is faster: libtorch's default on x86-64. */
    X86(4),
    /** Facebook's server kernels (AVX2/AVX-512). */
    FBGEMM(1),
    /** The mobile (ARM) kernels, also built for x86. */
    QNNPACK(2),
    /** Intel's oneDNN kernels. */
    ONEDNN(3);

    private static final Logger LOG = LoggerFactory.getLogger(QuantizedEngine.class);

    /** libtorch's {@code c10::QEngine} value. */
    private final int libtorchId;

    QuantizedEngine(int libtorchId) {
        this.libtorchId = libtorchId;
    }

    /** Parses a name as {@code torch.backends.quantized.engine} spells it, in any case. */
    public static QuantizedEngine parse(String name) {
        try {
            return valueOf(name.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "quantized engine must be one of x86, fbgemm, qnnpack, onednn; was '"
                            + name
                            + "'",
                    e);
        }
    }

    /** The engine libtorch uses now, if it is one of these. */
    public static Optional<QuantizedEngine> current() {
        return byId(LibtorchContext.get().qEngine());
    }

    /** The engines the loaded libtorch supports on this CPU. */
    public static Set<QuantizedEngine> supported() {
        Set<QuantizedEngine> engines = EnumSet.noneOf(QuantizedEngine.class);
        for (int id : LibtorchContext.get().supportedQEngines()) {
            byId(id).ifPresent(engines::add);
        }
        return engines;
    }

    /**
     * Makes this the engine of every int8 model loaded from now on, in this JVM.
     *
     * @throws IllegalStateException if the loaded libtorch does not support it here
     */
    public void use() {
        // One engine per JVM: two threads setting different ones must not interleave.
        synchronized (QuantizedEngine.class) {
            LibtorchContext context = LibtorchContext.get();
            if (context.qEngine() == libtorchId) {
                return;
            }
            Set<QuantizedEngine> supported = supported();
            if (!supported.contains(this)) {
                throw new IllegalStateException(
                        "libtorch on this machine does not support the quantized engine "
                                + label()
                                + "; supported: "
                                + supported);
            }
            context.setQEngine(libtorchId);
            if (context.qEngine() != libtorchId) {
                throw new IllegalStateException(
                        "libtorch kept its quantized engine at "
                                + current().map(QuantizedEngine::label).orElse("none")
                                + " after it was set to "
                                + label());
            }
        }
        LOG.info("libtorch quantized engine: {}", label());
    }

    /** The name as {@code torch.backends.quantized.engine} spells it. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    private static Optional<QuantizedEngine> byId(int id) {
        for (QuantizedEngine engine : values()) {
            if (engine.libtorchId == id) {
                return Optional.of(engine);
            }
        }
        return Optional.empty();
    }
}
