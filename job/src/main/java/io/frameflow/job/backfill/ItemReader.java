package io.frameflow.job.backfill;

import io.frameflow.event.ImageEvent;
import io.frameflow.event.SourceCoordinates;
import io.frameflow.event.Stage;
import io.frameflow.operators.deadletter.DeadLetters;
import io.frameflow.operators.deadletter.SourceAttributes;
import io.frameflow.zoo.data.FashionMnist;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import javax.imageio.ImageIO;
import org.apache.commons.compress.archivers.ArchiveEntry;
import org.apache.commons.compress.archivers.ArchiveInputStream;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Turns reading work into {@code ImageEvent}s: a file becomes an event with its URI (the decode
 * step reads it through Flink's FileSystem), an archive is read member by member, an IDX range
 * image by image. An archive that cannot be read further becomes a FETCH dead letter; items whose
 * id is already in the output are skipped ({@code --skip-existing}).
 */
public final class ItemReader extends ProcessFunction<BackfillItem, ImageEvent> {
    private static final long serialVersionUID = 1L;

    /** Largest archive member read into memory; bigger ones become VALIDATE dead letters. */
    private final long maxBytes;

    private final HashSet<String> skip;

    /** The IDX set last read: a reader gets many ranges of the same one. */
    private transient String idxInput;

    private transient FashionMnist idx;

    public ItemReader(long maxBytes, Set<String> skip) {
        this.maxBytes = maxBytes;
        this.skip = new HashSet<>(skip);
    }

    /** The id of an archive member: the archive's URI, {@code !/} and the member's name. */
    static String memberId(String archiveUri, String member) {
        return archiveUri + "!/" + member;
    }

    /** The id of an image of an IDX set. */
    static String idxId(String input, int index) {
        return input + "#" + index;
    }

    @Override
    public void processElement(BackfillItem item, Context ctx, Collector<ImageEvent> out)
            throws Exception {
        switch (item.kind) {
            case FILE -> {
                if (!skip.contains(item.uri)) {
                    ImageEvent event = event(item.uri, item.uri, null, item.label);
                    event.setUri(item.uri);
                    out.collect(event);
                }
            }
            case ZIP, TAR, TAR_GZ -> readArchive(item, ctx, out);
            case IDX -> readIdx(item, out);
        }
    }

    private void readArchive(BackfillItem item, Context ctx, Collector<ImageEvent> out) {
        String member = null;
        try (ArchiveInputStream<?> archive = Archives.open(item.kind, item.uri)) {
            ArchiveEntry entry;
            while ((entry = archive.getNextEntry()) != null) {
                if (entry.isDirectory()) {
                    continue;
                }
                member = entry.getName();
                String id = memberId(item.uri, member);
                if (skip.contains(id)) {
                    continue;
                }
                String label = item.labelsFromFolders ? Archives.folderLabel(member) : null;
                if (entry.getSize() > maxBytes) {
                    ImageEvent event = event(id, item.uri, null, label);
                    ctx.output(
                            DeadLetters.TAG,
                            DeadLetters.of(
                                    event,
                                    Stage.VALIDATE,
                                    getClass().getName(),
                                    String.format(
                                            "archive member is %,d bytes, over the limit of %,d"
                                                    + " (max image bytes)",
                                            entry.getSize(), maxBytes)));
                    continue;
                }
                byte[] bytes =
                        archive.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
                out.collect(event(id, item.uri, bytes, label));
            }
        } catch (IOException | RuntimeException e) {
            // The stream cannot go on: the member being read (or the archive) is the dead letter.
            String id = member == null ? item.uri : memberId(item.uri, member);
            ctx.output(
                    DeadLetters.TAG,
                    DeadLetters.ofRecord(
                            SourceCoordinates.newBuilder().setPath(id).build(),
                            null,
                            Stage.FETCH,
                            new IOException(
                                    "cannot read archive " + item.uri + ": " + e.getMessage(), e)));
        }
    }

    private void readIdx(BackfillItem item, Collector<ImageEvent> out) throws IOException {
        FashionMnist data = idxData(item.uri);
        for (int i = item.from; i < item.to; i++) {
            String id = idxId(item.uri, i);
            if (skip.contains(id)) {
                continue;
            }
            ByteArrayOutputStream png = new ByteArrayOutputStream(1024);
            ImageIO.write(data.image(i), "png", png);
            out.collect(
                    event(
                            id,
                            item.uri,
                            png.toByteArray(),
                            FashionMnist.CLASS_NAMES.get(data.label(i))));
        }
    }

    private FashionMnist idxData(String input) throws IOException {
        if (!input.equals(idxInput)) {
            idx =
                    input.equals("fashion-mnist")
                            ? FashionMnist.testSet()
                            : FashionMnist.read(java.nio.file.Path.of(input.substring(14)), "t10k");
            idxInput = input;
        }
        return idx;
    }

    private static ImageEvent event(String id, String source, byte[] payload, String label) {
        long now = System.currentTimeMillis();
        HashMap<String, String> attributes = new HashMap<>();
        attributes.put(SourceAttributes.PATH, id);
        return ImageEvent.newBuilder()
                .setId(id)
                .setSourceId(source)
                .setEventTime(now)
                .setIngestTime(now)
                .setPayload(payload == null ? null : ByteBuffer.wrap(payload))
                .setLabel(label)
                .setAttributes(attributes)
                .build();
    }
}
