package io.frameflow.zoo.model;

import ai.djl.pytorch.jni.JniUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * libtorch's thread pools, which are per JVM, not per predictor. Its OpenMP workers spin while they
 * wait, so more threads than free cores (several slots, or another busy process) does not just
 * share the CPU, it stalls every operator: on 2 busy cores a 28x28 MobileNet ran 1.9 images/s with
 * 2 threads and 540 with 1.
 */
public final class EngineThreads {

    /** DJL's system property for libtorch's intra-op threads. */
    public static final String INTRA_OP_PROPERTY = "ai.djl.pytorch.num_threads";

    /** DJL's system property for libtorch's inter-op threads. */
    public static final String INTER_OP_PROPERTY = "ai.djl.pytorch.num_interop_threads";

    private static final Logger LOG = LoggerFactory.getLogger(EngineThreads.class);

    private EngineThreads() {}

    /** Sets both pools for this JVM; call before the first model loads. */
    public static synchronized void configure(int intraOp, int interOp) {
        if (intraOp < 1 || interOp < 1) {
            throw new IllegalArgumentException(
                    "thread counts must be >= 1, were intra-op "
                            + intraOp
                            + ", inter-op "
                            + interOp);
        }
        System.setProperty(INTRA_OP_PROPERTY, Integer.toString(intraOp));
        System.setProperty(INTER_OP_PROPERTY, Integer.toString(interOp));
        // Loading the engine applies the properties; if it was loaded before, apply them now.
        PyTorchRuntime.engine();
        JniUtils.setNumThreads(intraOp);
        if (JniUtils.getNumInteropThreads() != interOp) {
            try {
                JniUtils.setNumInteropThreads(interOp);
            } catch (RuntimeException e) {
                LOG.warn(
                        "libtorch keeps {} inter-op threads: it cannot change after parallel work"
                                + " started ({})",
                        JniUtils.getNumInteropThreads(),
                        e.getMessage());
            }
        }
    }

    /** The intra-op threads libtorch uses now. */
    public static int intraOp() {
        PyTorchRuntime.engine();
        return JniUtils.getNumThreads();
    }
}
