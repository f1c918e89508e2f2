package io.frameflow.zoo.model;

import ai.djl.pytorch.jni.JniUtils;

/**
 * TorchScript's graph-executor optimisation, a per-thread switch in libtorch. When it is on
 * (libtorch's default) the first call with every new input shape profiles and re-optimises the
 * graph, which costs 1.5–6× a steady batch, and a micro-batching classifier sees many batch sizes
 * (timer and checkpoint flushes send partial batches). Frozen TorchScript is optimised at export,
 * so the inference thread can run it without re-specialising.
 */
public final class GraphExecutor {

    private GraphExecutor() {}

    /** Turns the optimisation on or off for the calling thread's inferences. */
    public static void optimizeOnThisThread(boolean optimize) {
        PyTorchRuntime.engine(); // loads libtorch if nothing has yet
        JniUtils.setGraphExecutorOptimize(optimize);
    }
}
