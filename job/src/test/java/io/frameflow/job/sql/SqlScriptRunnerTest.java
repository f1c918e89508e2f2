package io.frameflow.job.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.TableResult;
import org.junit.jupiter.api.Test;

class SqlScriptRunnerTest {

    @Test
    void setChangesTheSessionAndDdlRunsWithoutStartingAJob() throws Exception {
        TableEnvironment tables = TableEnvironment.create(EnvironmentSettings.inStreamingMode());

        List<TableResult> jobs =
                new SqlScriptRunner(tables)
                        .run(
                                SqlScript.parse(
                                        "set 'pipeline.name' = 'frameflow''s job';\n"
                                                + "CREATE TEMPORARY VIEW v AS SELECT 1 AS n;"),
                                true);

        assertThat(jobs).isEmpty();
        assertThat(tables.getConfig().get(PipelineOptions.NAME)).isEqualTo("frameflow's job");
        assertThat(tables.listTemporaryViews()).containsExactly("v");
    }
}
