package io.frameflow.it.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Contestant 1, PyTorch in Python: finds Debian's interpreter and runs torch_contestant.py. */
final class PythonContestant {

    static final Path SCRIPT = Path.of("integration-tests/src/test/python/torch_contestant.py");

    private PythonContestant() {}

    /** The Python that has torch and PIL (FRAMEFLOW_PYTHON, else /usr/bin/python3), or null. */
    static String find() throws Exception {
        String python = System.getenv().getOrDefault("FRAMEFLOW_PYTHON", "/usr/bin/python3");
        try {
            Process probe =
                    new ProcessBuilder(python, "-c", "import torch, PIL")
                            .redirectErrorStream(true)
                            .start();
            probe.getInputStream().readAllBytes();
            return probe.waitFor(2, TimeUnit.MINUTES) && probe.exitValue() == 0 ? python : null;
        } catch (java.io.IOException e) {
            return null;
        }
    }

    static List<Measurement> run(String python, Path out, Workloads.Workload w, String batches)
            throws Exception {
        return Benchmark.collect(
                List.of(
                        python,
                        SCRIPT.toString(),
                        "--workload",
                        w.name(),
                        "--frames",
                        w.frames().toAbsolutePath().toString(),
                        "--model",
                        w.modelDir().toAbsolutePath().toString(),
                        "--batches",
                        batches),
                out.resolve("logs/python-" + w.name() + ".log"),
                Map.of());
    }
}
