package io.frameflow.job.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A Flink SQL script split into its statements: at each {@code ;} that is not inside a string
 * literal, a quoted identifier, a comment, or an {@code EXECUTE STATEMENT SET BEGIN ... END} block.
 * Comments are dropped; statements keep their text otherwise.
 *
 * @param statements the statements, in order, without their {@code ;}
 */
public record SqlScript(List<String> statements) {

    private static final Pattern STATEMENT_SET =
            Pattern.compile("^(EXECUTE\\s+)?STATEMENT\\s+SET\\s+BEGIN\\b.*", Pattern.DOTALL);
    private static final Pattern ENDS_WITH_END = Pattern.compile(".*\\bEND\\s*$", Pattern.DOTALL);

    /** Splits a script's text into statements. */
    public static SqlScript parse(String text) {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '-' && text.startsWith("--", i)) {
                i = skipUntil(text, i, "\n");
            } else if (c == '/' && text.startsWith("/*", i)) {
                int end = skipUntil(text, i + 2, "*/");
                current.append(' ');
                i = end;
            } else if (c == '\'' || c == '"' || c == '`') {
                int end = quoted(text, i, c);
                current.append(text, i, end);
                i = end;
            } else if (c == ';' && !insideStatementSet(current)) {
                add(statements, current);
                current.setLength(0);
                i++;
            } else {
                current.append(c);
                i++;
            }
        }
        add(statements, current);
        return new SqlScript(List.copyOf(statements));
    }

    /** Whether a statement is an {@code INSERT} or a statement set: it runs a job and ends. */
    public static boolean runsAJob(String statement) {
        String head = statement.strip().toUpperCase(Locale.ROOT);
        return head.startsWith("INSERT")
                || head.startsWith("EXECUTE")
                || head.startsWith("STATEMENT SET");
    }

    private static boolean insideStatementSet(StringBuilder current) {
        String head = current.toString().strip().toUpperCase(Locale.ROOT);
        return STATEMENT_SET.matcher(head).matches() && !ENDS_WITH_END.matcher(head).matches();
    }

    private static void add(List<String> statements, StringBuilder current) {
        String statement = current.toString().strip();
        if (!statement.isEmpty()) {
            statements.add(statement);
        }
    }

    /** The index just past {@code end} (or the text's end) from {@code from}. */
    private static int skipUntil(String text, int from, String end) {
        int at = text.indexOf(end, from);
        return at < 0 ? text.length() : at + end.length();
    }

    /**
     * The index just past the quote that closes the one at {@code start}; doubled quotes escape.
     */
    private static int quoted(String text, int start, char quote) {
        int i = start + 1;
        while (i < text.length()) {
            if (text.charAt(i) == quote) {
                if (i + 1 < text.length() && text.charAt(i + 1) == quote) {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        throw new IllegalArgumentException(
                "unterminated " + quote + " starting at offset " + start + " of the SQL script");
    }
}
