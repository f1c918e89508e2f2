package io.frameflow.operators.control;

import java.nio.charset.StandardCharsets;

/**
 * Which cameras a canary takes: the source id hashes into one of {@link #BUCKETS} buckets, and a
 * canary of N% takes the buckets below N% of them. The hash depends on the source id alone, so a
 * camera's frames never flip between models while the lineup stays, every subtask and every run
 * agree, and growing a canary from 10% to 20% keeps the cameras it had.
 *
 * <p>The hash is 64-bit FNV-1a over the id's UTF-8 bytes, then MurmurHash3's 64-bit finaliser (FNV
 * alone spreads ids that differ in their last characters, such as {@code camera-17} and {@code
 * camera-18}, poorly over the low bits).
 */
public final class CanarySplit {

    /** Buckets the source ids are spread over: a canary share has a resolution of 0.01%. */
    public static final int BUCKETS = 10_000;

    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private CanarySplit() {}

    /** The bucket of a source id, in [0, {@link #BUCKETS}). */
    public static int bucket(String sourceId) {
        long hash = FNV_OFFSET;
        for (byte b : sourceId.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= FNV_PRIME;
        }
        return (int) Long.remainderUnsigned(mix(hash), BUCKETS);
    }

    /** Whether a canary of {@code percent} (0 to 100) takes the frames of a source. */
    public static boolean takes(String sourceId, double percent) {
        return bucket(sourceId) < threshold(percent);
    }

    /** The buckets a canary of {@code percent} takes: those below the returned one. */
    static int threshold(double percent) {
        return (int) Math.round(percent * BUCKETS / 100.0);
    }

    /** MurmurHash3's fmix64. */
    private static long mix(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb93fe53e9f4fL;
        h ^= h >>> 33;
        return h;
    }
}
