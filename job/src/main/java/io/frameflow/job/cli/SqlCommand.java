package io.frameflow.job.cli;

import io.frameflow.job.config.CliFlag;
import io.frameflow.job.sql.SqlScript;
import io.frameflow.job.sql.SqlScriptRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sql -f script.sql}: runs a Flink SQL script, e.g. a {@code CREATE MODEL ... WITH
 * ('provider' = 'frameflow')} and an {@code INSERT INTO ... SELECT ... FROM ML_PREDICT(...)}, on a
 * local MiniCluster, or on a cluster under {@code flink run <job jar> sql -f script.sql}.
 */
@Command(
        name = "sql",
        mixinStandardHelpOptions = true,
        description =
                "Run a Flink SQL script (SET, CREATE TABLE/MODEL, INSERT, SELECT ...; models with"
                        + " 'provider' = 'frameflow' classify images with ML_PREDICT). Locally it"
                        + " waits for every INSERT's job to end; Ctrl-C stops an unbounded one.")
final class SqlCommand extends ConfiguredCommand implements Callable<Integer> {

    @Option(
            names = {"-f", "--file"},
            required = true,
            paramLabel = "SCRIPT",
            description = "The SQL script; statements end with ';'.")
    Path script;

    @Override
    List<CliFlag> flags() {
        return List.of();
    }

    @Override
    public Integer call() throws Exception {
        SqlScript statements = SqlScript.parse(Files.readString(script));
        Configured job = configured();
        StreamTableEnvironment tables = StreamTableEnvironment.create(job.env());
        // Detached (flink run -d): submit and return; attached or local: wait for the jobs.
        boolean attached = job.env().getConfiguration().get(DeploymentOptions.ATTACHED);
        new SqlScriptRunner(tables).run(statements, attached);
        return 0;
    }
}
