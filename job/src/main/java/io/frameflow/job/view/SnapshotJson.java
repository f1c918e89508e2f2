package io.frameflow.job.view;

import com.google.gson.Gson;

/**
 * The JSON form of a {@link ViewSnapshot}. Gson escapes {@code <}, {@code >}, {@code &}, {@code =}
 * and {@code '} inside strings, so the JSON stays inert even if it were ever placed in HTML; the
 * page itself only parses it and writes the strings as text.
 */
final class SnapshotJson {

    private static final Gson GSON = new Gson();

    private SnapshotJson() {}

    static String of(ViewSnapshot snapshot) {
        return GSON.toJson(snapshot);
    }
}
