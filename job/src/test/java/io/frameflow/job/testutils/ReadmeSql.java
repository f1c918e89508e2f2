package io.frameflow.job.testutils;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code sql} code blocks of the README's "Flink SQL" section, so that tests run exactly what
 * the README shows. Looked up from the working directory upwards (a module or the repository root).
 */
public final class ReadmeSql {

    private static final String SECTION = "## Flink SQL";
    private static final String FENCE = "```sql\n";

    private ReadmeSql() {}

    /** The {@code index}-th (from 0) {@code sql} block of the section, without its fences. */
    public static String block(int index) throws IOException {
        List<String> blocks = blocks();
        if (index >= blocks.size()) {
            throw new IllegalStateException(
                    "README.md's '" + SECTION + "' section has " + blocks.size() + " sql blocks");
        }
        return blocks.get(index);
    }

    private static List<String> blocks() throws IOException {
        String text = Files.readString(readme());
        int start = text.indexOf("\n" + SECTION + "\n");
        if (start < 0) {
            throw new IllegalStateException("README.md has no '" + SECTION + "' section");
        }
        int end = text.indexOf("\n## ", start + SECTION.length() + 1);
        String section = text.substring(start, end < 0 ? text.length() : end);
        List<String> blocks = new ArrayList<>();
        for (int at = section.indexOf(FENCE); at >= 0; at = section.indexOf(FENCE, at)) {
            int close = section.indexOf("\n```", at + FENCE.length());
            blocks.add(section.substring(at + FENCE.length(), close + 1));
            at = close + 4;
        }
        return blocks;
    }

    private static Path readme() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("README.md"))
                    && Files.isRegularFile(dir.resolve("mvnw"))) {
                return dir.resolve("README.md");
            }
        }
        throw new IllegalStateException(
                "no README.md next to mvnw above " + Path.of("").toAbsolutePath());
    }
}
