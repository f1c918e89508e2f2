package io.frameflow.job.testutils;

import io.frameflow.job.cli.FrameflowCli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Runs Frameflow's command line the way {@code main} does, on the real {@code System.out} and
 * {@code System.err} (swapped for buffers while it runs), so that a test sees exactly what reaches
 * a terminal: output a command forgets to flush is missing here too. One run at a time per JVM.
 */
public final class CommandLineRun implements AutoCloseable {

    /** What a finished run printed, and its exit code. */
    public record Result(int exitCode, String stdout, String stderr) {}

    private static final Object ONE_AT_A_TIME = new Object();

    private final PrintStream originalOut = System.out;
    private final PrintStream originalErr = System.err;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final CompletableFuture<Integer> exit = new CompletableFuture<>();

    private CommandLineRun() {}

    /** Runs a command line to its end. */
    public static Result run(String... args) throws Exception {
        try (CommandLineRun run = start(args)) {
            return run.await(Duration.ofMinutes(10));
        }
    }

    /**
     * Starts a command line on its own thread, for commands that run until stopped; read what it
     * printed so far with {@link #stdout()}, wait for its end with {@link #await}.
     */
    public static CommandLineRun start(String... args) {
        synchronized (ONE_AT_A_TIME) {
            CommandLineRun run = new CommandLineRun();
            System.setOut(new PrintStream(run.out, false, Charset.defaultCharset()));
            System.setErr(new PrintStream(run.err, false, Charset.defaultCharset()));
            Thread thread =
                    new Thread(
                            () -> {
                                try {
                                    run.exit.complete(FrameflowCli.execute(args));
                                } catch (Throwable t) {
                                    run.exit.completeExceptionally(t);
                                }
                            },
                            "frameflow-cli-under-test");
            thread.setDaemon(true);
            thread.start();
            return run;
        }
    }

    /** What the command printed to stdout so far (only what it flushed). */
    public String stdout() {
        synchronized (out) {
            return out.toString(Charset.defaultCharset());
        }
    }

    /** Waits until stdout satisfies a condition; fails with what was printed if it never does. */
    public String awaitStdout(Predicate<String> condition, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            String text = stdout();
            if (condition.test(text)) {
                return text;
            }
            if (exit.isDone()) {
                break;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(
                "The command's stdout never showed what was expected; it printed:\n"
                        + stdout()
                        + "\nstderr:\n"
                        + err.toString(Charset.defaultCharset()));
    }

    /** Waits for the command to finish. */
    public Result await(Duration timeout) throws Exception {
        int code = exit.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        return new Result(code, stdout(), err.toString(Charset.defaultCharset()));
    }

    /** Puts the original streams back. */
    @Override
    public void close() {
        System.setOut(originalOut);
        System.setErr(originalErr);
    }
}
