package io.frameflow.job.backfill;

import io.frameflow.zoo.data.FashionMnist;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.ArchiveEntry;
import org.apache.commons.compress.archivers.ArchiveInputStream;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

/**
 * Turns the backfill's inputs into reading work on the client, so that the total is known for the
 * progress line: folders are listed recursively (include/exclude globs on the path relative to the
 * folder), archives are counted member by member, {@code .txt} files list one path or URI per line,
 * and {@code fashion-mnist[:DIR]} splits the IDX test set into ranges read in parallel.
 */
public final class InputEnumerator {

    /** IDX images per reading item: enough items to keep several readers busy. */
    static final int IDX_CHUNK = 1_000;

    private final List<String> include;
    private final List<String> exclude;
    private final boolean labelsFromFolders;
    private final Map<String, String> csvLabels;

    /**
     * @param include globs a file must match (relative to its input folder); empty: all
     * @param exclude globs that drop a file
     * @param labelsFromFolders take labels from folder names (the ImageFolder layout)
     * @param csvLabels labels by path (absolute, relative to the input folder, or file name)
     */
    public InputEnumerator(
            List<String> include,
            List<String> exclude,
            boolean labelsFromFolders,
            Map<String, String> csvLabels) {
        this.include = include;
        this.exclude = exclude;
        this.labelsFromFolders = labelsFromFolders;
        this.csvLabels = csvLabels;
    }

    /** The reading work for every input, in input order. */
    public List<BackfillItem> enumerate(List<String> inputs) throws IOException {
        List<BackfillItem> items = new ArrayList<>();
        for (String input : inputs) {
            enumerate(input.strip(), items);
        }
        return items;
    }

    private void enumerate(String input, List<BackfillItem> items) throws IOException {
        if (input.equals("fashion-mnist") || input.startsWith("fashion-mnist:")) {
            int size =
                    input.equals("fashion-mnist")
                            ? FashionMnist.testSet().size()
                            : FashionMnist.read(java.nio.file.Path.of(input.substring(14)), "t10k")
                                    .size();
            for (int from = 0; from < size; from += IDX_CHUNK) {
                items.add(BackfillItem.idx(input, from, Math.min(size, from + IDX_CHUNK)));
            }
            return;
        }
        Path path = new Path(input);
        FileSystem fs = path.getFileSystem();
        FileStatus status;
        try {
            status = fs.getFileStatus(path);
        } catch (IOException e) {
            throw new IOException(
                    "Backfill input " + input + " does not exist or cannot be read", e);
        }
        if (status.isDir()) {
            walk(
                    fs,
                    status.getPath(),
                    status.getPath(),
                    matchers(include),
                    matchers(exclude),
                    items);
        } else if (input.toLowerCase(java.util.Locale.ROOT).endsWith(".txt")) {
            readList(fs, path, items);
        } else {
            addFile(status.getPath(), status.getPath().getName(), items);
        }
    }

    private void walk(
            FileSystem fs,
            Path root,
            Path dir,
            List<PathMatcher> includes,
            List<PathMatcher> excludes,
            List<BackfillItem> items)
            throws IOException {
        FileStatus[] children = fs.listStatus(dir);
        java.util.Arrays.sort(children, java.util.Comparator.comparing(s -> s.getPath().getPath()));
        for (FileStatus child : children) {
            if (child.isDir()) {
                walk(fs, root, child.getPath(), includes, excludes, items);
                continue;
            }
            String relative = relative(root, child.getPath());
            java.nio.file.Path rel = java.nio.file.Path.of(relative);
            if ((!includes.isEmpty() && includes.stream().noneMatch(m -> m.matches(rel)))
                    || excludes.stream().anyMatch(m -> m.matches(rel))) {
                continue;
            }
            addFile(child.getPath(), relative, items);
        }
    }

    private void addFile(Path file, String relative, List<BackfillItem> items) throws IOException {
        String uri = file.toUri().toString();
        var archive = Archives.kindOf(file.getName());
        if (archive.isPresent()) {
            items.add(
                    BackfillItem.archive(
                            archive.get(),
                            uri,
                            labelsFromFolders,
                            countMembers(archive.get(), uri)));
            return;
        }
        items.add(BackfillItem.file(uri, labelOf(uri, relative, file.getName())));
    }

    private String labelOf(String uri, String relative, String name) {
        if (!csvLabels.isEmpty()) {
            String byPath = csvLabels.get(uri);
            if (byPath == null) {
                byPath = csvLabels.get(new Path(uri).getPath());
            }
            if (byPath == null) {
                byPath = csvLabels.get(relative);
            }
            return byPath != null ? byPath : csvLabels.get(name);
        }
        return labelsFromFolders ? Archives.folderLabel(relative) : null;
    }

    private void readList(FileSystem fs, Path list, List<BackfillItem> items) throws IOException {
        try (BufferedReader reader =
                new BufferedReader(new InputStreamReader(fs.open(list), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                String entry = line.strip();
                if (!entry.isEmpty() && !entry.startsWith("#")) {
                    Path path = new Path(entry);
                    addFile(path, path.getName(), items);
                }
            }
        }
    }

    private static int countMembers(BackfillItem.Kind kind, String uri) {
        int count = 0;
        try (ArchiveInputStream<?> archive = Archives.open(kind, uri)) {
            ArchiveEntry entry;
            while ((entry = archive.getNextEntry()) != null) {
                if (!entry.isDirectory()) {
                    count++;
                }
            }
        } catch (IOException | RuntimeException e) {
            // A damaged archive: what could be counted; the reader reports the damage.
        }
        return count;
    }

    private static String relative(Path root, Path file) {
        String r = root.toUri().getPath();
        String f = file.toUri().getPath();
        String prefix = r.endsWith("/") ? r : r + "/";
        return f.startsWith(prefix) ? f.substring(prefix.length()) : file.getName();
    }

    private static List<PathMatcher> matchers(List<String> globs) {
        return globs.stream()
                .filter(g -> !g.isBlank())
                .map(g -> FileSystems.getDefault().getPathMatcher("glob:" + g.strip()))
                .toList();
    }
}
