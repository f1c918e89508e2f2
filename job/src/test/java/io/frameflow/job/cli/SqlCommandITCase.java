package io.frameflow.job.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.frameflow.job.testutils.ReadmeSql;
import io.frameflow.job.testutils.SqlFrames;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code frameflow sql -f script.sql} on a local MiniCluster: the README's first Flink SQL example,
 * exactly as written, over a {@code frames} view of Fashion-MNIST PNGs; and a mistake in a model
 * option, which fails the script with an error naming the option.
 */
class SqlCommandITCase {

    private static final int IMAGES = 4;

    @TempDir Path tmp;

    private record Run(int exitCode, String out, String err) {}

    private Run sql(String script) throws Exception {
        Path file = Files.writeString(tmp.resolve("script.sql"), script);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StringWriter err = new StringWriter();
        PrintStream stdout = System.out;
        CommandLine cli = FrameflowCli.commandLine();
        cli.setErr(new PrintWriter(err, true));
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            int code = cli.execute("sql", "-f", file.toString(), "-D", "parallelism.default=1");
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString());
        } finally {
            System.setOut(stdout);
        }
    }

    @Test
    void runsTheReadmeExampleAsWritten() throws Exception {
        String readmeExample = ReadmeSql.block(0);
        assertThat(readmeExample).contains("CREATE MODEL fashion", "FROM ML_PREDICT(TABLE frames");

        Run run = sql(SqlFrames.view(IMAGES) + readmeExample);

        assertThat(run.exitCode()).as(run.err()).isZero();
        List<String> rows = run.out().lines().filter(line -> line.contains("cam-")).toList();
        assertThat(rows).as(run.out()).hasSize(IMAGES);
        for (int i = 0; i < IMAGES; i++) {
            String camera = "cam-" + i;
            String label = SqlFrames.label(i);
            assertThat(rows).anySatisfy(row -> assertThat(row).contains(camera, label));
        }
    }

    @Test
    void aWrongModelOptionFailsTheScriptNamingTheOption() throws Exception {
        String wrong = ReadmeSql.block(0).replace("'batch-size' = '16'", "'batch-size' = '0'");

        Run run = sql(SqlFrames.view(IMAGES) + wrong);

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Invalid model option 'batch-size' = '0'");
    }
}
