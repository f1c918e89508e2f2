package io.frameflow.job.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.TableResult;

/**
 * Runs a {@link SqlScript} statement by statement on a table environment, the way Flink's SQL
 * client would in a script: DDL and {@code SET 'key' = 'value'} change the session, a query prints
 * its rows as they come (on standard output, as Flink's {@code TableResult#print} does), and {@code
 * INSERT}s and statement sets submit a job each.
 */
public final class SqlScriptRunner {

    private static final Pattern SET =
            Pattern.compile(
                    "SET\\s+'((?:[^']|'')*)'\\s*=\\s*'((?:[^']|'')*)'",
                    Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

    private final TableEnvironment tables;

    /** A runner over a table environment, where the statements run. */
    public SqlScriptRunner(TableEnvironment tables) {
        this.tables = tables;
    }

    /**
     * Runs every statement; with {@code awaitJobs}, waits for each job an {@code INSERT} started to
     * end (a bounded input finished, or the job was cancelled) before the next statement, which is
     * what keeps a local MiniCluster alive. Returns the results of the statements that started a
     * job, in order.
     */
    public List<TableResult> run(SqlScript script, boolean awaitJobs) throws Exception {
        List<TableResult> jobs = new ArrayList<>();
        for (String statement : script.statements()) {
            if (set(statement)) {
                continue;
            }
            TableResult result = tables.executeSql(statement);
            if (SqlScript.runsAJob(statement)) {
                jobs.add(result);
                result.getJobClient()
                        .ifPresent(job -> System.out.println("Submitted job " + job.getJobID()));
                if (awaitJobs) {
                    result.await();
                }
            } else if (result.getJobClient().isPresent() || hasRows(statement)) {
                result.print(); // a query: its rows, as they come
            }
        }
        return jobs;
    }

    /**
     * Applies {@code SET 'key' = 'value'} to the session's configuration, as Flink's SQL client
     * does (a table environment's {@code executeSql} does not take it); false for other statements.
     */
    private boolean set(String statement) {
        Matcher set = SET.matcher(statement.strip());
        if (!set.matches()) {
            return false;
        }
        tables.getConfig().set(unquote(set.group(1)), unquote(set.group(2)));
        return true;
    }

    private static String unquote(String literal) {
        return literal.replace("''", "'");
    }

    /** Statements whose result is a table worth printing (SHOW, DESCRIBE, EXPLAIN). */
    private static boolean hasRows(String statement) {
        String head = statement.strip().toUpperCase(java.util.Locale.ROOT);
        return head.startsWith("SHOW") || head.startsWith("DESC") || head.startsWith("EXPLAIN");
    }
}
