package io.frameflow.it.bench;

/**
 * A neighbour that keeps one core busy until it is killed: what a TaskManager's other threads, or
 * another process on the machine, look like to libtorch. The benchmark pins it to one core.
 */
public final class CpuHog {

    private CpuHog() {}

    @SuppressWarnings("InfiniteLoopStatement")
    public static void main(String[] args) {
        long x = 0;
        while (true) {
            x = x * 6364136223846793005L + 1442695040888963407L;
            if (x == 42) {
                System.out.println(x); // never: keeps the loop from being optimised away
            }
        }
    }
}
