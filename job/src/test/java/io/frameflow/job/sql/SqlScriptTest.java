package io.frameflow.job.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SqlScriptTest {

    @Test
    void splitsAtSemicolonsOutsideLiteralsQuotedNamesAndComments() {
        SqlScript script =
                SqlScript.parse(
                        """
                        -- a comment; not a statement
                        SET 'execution.checkpointing.interval' = '10 s';
                        CREATE TABLE `odd;name` (s STRING) WITH ('connector' = 'datagen', 'x' = 'a;b''c');
                        /* block; comment */ SELECT ';' AS "semi;colon" FROM `odd;name`
                        ;;
                        INSERT INTO t SELECT 1
                        """);

        assertThat(script.statements())
                .containsExactly(
                        "SET 'execution.checkpointing.interval' = '10 s'",
                        "CREATE TABLE `odd;name` (s STRING) WITH ('connector' = 'datagen', 'x' ="
                                + " 'a;b''c')",
                        "SELECT ';' AS \"semi;colon\" FROM `odd;name`",
                        "INSERT INTO t SELECT 1");
    }

    @Test
    void keepsAStatementSetWhole() {
        SqlScript script =
                SqlScript.parse(
                        "EXECUTE STATEMENT SET BEGIN INSERT INTO a SELECT 1; INSERT INTO b SELECT"
                                + " 2; END; SELECT 3;");

        assertThat(script.statements())
                .containsExactly(
                        "EXECUTE STATEMENT SET BEGIN INSERT INTO a SELECT 1; INSERT INTO b SELECT"
                                + " 2; END",
                        "SELECT 3");
        assertThat(SqlScript.runsAJob(script.statements().get(0))).isTrue();
        assertThat(SqlScript.runsAJob("insert into x select 1")).isTrue();
        assertThat(SqlScript.runsAJob(script.statements().get(1))).isFalse();
    }

    @Test
    void anUnterminatedLiteralIsAnErrorNotASilentlyMergedStatement() {
        assertThatThrownBy(() -> SqlScript.parse("SELECT 'oops; SELECT 2;"))
                .hasMessageContaining("unterminated '");
    }
}
