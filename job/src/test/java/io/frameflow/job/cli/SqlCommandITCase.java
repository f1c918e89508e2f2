package io.frameflow.job.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.frameflow.job.testutils.CommandLineRun;
import io.frameflow.job.testutils.ReadmeSql;
import io.frameflow.job.testutils.SqlFrames;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code frameflow sql -f script.sql} on a local MiniCluster: the README's first Flink SQL example,
 * exactly as written, over a {@code frames} view of Fashion-MNIST PNGs; and a mistake in a model
 * option, which fails the script with an error naming the option.
 */
class SqlCommandITCase {

    private static final int IMAGES = 4;

    @TempDir Path tmp;

    /** Runs {@code frameflow sql -f} on a script, as {@code main} would. */
    private CommandLineRun.Result sql(String script) throws Exception {
        Path file = Files.writeString(tmp.resolve("script.sql"), script);
        return CommandLineRun.run("sql", "-f", file.toString(), "-D", "parallelism.default=1");
    }

    @Test
    void runsTheReadmeExampleAsWritten() throws Exception {
        String readmeExample = ReadmeSql.block(0);
        assertThat(readmeExample).contains("CREATE MODEL fashion", "FROM ML_PREDICT(TABLE frames");

        CommandLineRun.Result run = sql(SqlFrames.view(IMAGES) + readmeExample);

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        List<String> rows = run.stdout().lines().filter(line -> line.contains("cam-")).toList();
        assertThat(rows).as(run.stdout()).hasSize(IMAGES);
        for (int i = 0; i < IMAGES; i++) {
            String camera = "cam-" + i;
            String label = SqlFrames.label(i);
            assertThat(rows).anySatisfy(row -> assertThat(row).contains(camera, label));
        }
    }

    @Test
    void aWrongModelOptionFailsTheScriptNamingTheOption() throws Exception {
        String wrong = ReadmeSql.block(0).replace("'batch-size' = '16'", "'batch-size' = '0'");

        CommandLineRun.Result run = sql(SqlFrames.view(IMAGES) + wrong);

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr()).contains("Invalid model option 'batch-size' = '0'");
    }
}
