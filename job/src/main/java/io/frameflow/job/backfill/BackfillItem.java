package io.frameflow.job.backfill;

/**
 * One unit of reading work: an image file, a whole archive (read by one reader, member after
 * member), or a range of a Fashion-MNIST IDX set. A Flink POJO.
 */
public class BackfillItem {

    /** What the item is. */
    public enum Kind {
        FILE,
        ZIP,
        TAR,
        TAR_GZ,
        IDX
    }

    public Kind kind;

    /** The file, archive or IDX folder, as a Flink FileSystem URI or path. */
    public String uri;

    /** The ground truth of a FILE, or null. */
    public String label;

    /** Where labels of archive members come from: their folder names when true. */
    public boolean labelsFromFolders;

    /** For IDX: the first image index and one past the last. */
    public int from;

    public int to;

    /** Images this item holds, for the progress line. */
    public int images;

    public BackfillItem() {}

    static BackfillItem file(String uri, String label) {
        BackfillItem item = new BackfillItem();
        item.kind = Kind.FILE;
        item.uri = uri;
        item.label = label;
        item.images = 1;
        return item;
    }

    static BackfillItem archive(Kind kind, String uri, boolean labelsFromFolders, int images) {
        BackfillItem item = new BackfillItem();
        item.kind = kind;
        item.uri = uri;
        item.labelsFromFolders = labelsFromFolders;
        item.images = images;
        return item;
    }

    static BackfillItem idx(String folder, int from, int to) {
        BackfillItem item = new BackfillItem();
        item.kind = Kind.IDX;
        item.uri = folder;
        item.from = from;
        item.to = to;
        item.images = to - from;
        return item;
    }

    @Override
    public String toString() {
        return kind + " " + uri + (kind == Kind.IDX ? "[" + from + "," + to + ")" : "");
    }
}
