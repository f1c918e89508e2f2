package io.frameflow.operators.classify;

import io.frameflow.operators.control.ModelStaging;
import io.frameflow.zoo.model.ClassifierModel;
import io.frameflow.zoo.model.ModelSpec;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Loads each model once per JVM (a TaskManager) and shares it between the slots that use it: a DJL
 * {@code Model} is thread-safe, its weights are the bulk of the memory. Reference-counted; the last
 * slot to release a model closes it. A model is known by its location and the SHA-256 its spec pins
 * (a descriptor naming another file with the SHA-256 of a loaded model must be checked and refused,
 * not served the weights another slot verified), and by how it runs (device, precision, top-k).
 *
 * <p>The registry's lock is held only to count: a model loads under a lock of its own, so a slot
 * that loads a new model in the background never blocks another slot that releases or takes one.
 * The registry is static per class loader, so the subtasks of one job share, and a job resubmitted
 * with a new user-code class loader gets its own.
 */
public final class SharedModels {

    private static final Map<Key, Entry> MODELS = new HashMap<>();

    private SharedModels() {}

    /** A slot's hold on a shared model; closing it releases the hold. */
    public static final class Lease implements AutoCloseable {
        private final Key key;
        private final Entry entry;
        private final ClassifierModel model;
        private boolean released;

        private Lease(Key key, Entry entry, ClassifierModel model) {
            this.key = key;
            this.entry = entry;
            this.model = model;
        }

        public ClassifierModel model() {
            return model;
        }

        @Override
        public void close() {
            synchronized (this) {
                if (released) {
                    return;
                }
                released = true;
            }
            release(key, entry);
        }
    }

    /**
     * Takes a hold on the model a spec names, loading it (from a Flink FileSystem too) if no slot
     * holds it yet.
     */
    public static Lease acquire(ModelSpec spec) {
        return acquire(spec, ModelStaging::load);
    }

    static Lease acquire(ModelSpec spec, Function<ModelSpec, ClassifierModel> loader) {
        Key key = Key.of(spec);
        Entry entry;
        synchronized (MODELS) {
            entry = MODELS.computeIfAbsent(key, k -> new Entry());
            entry.references++;
        }
        try {
            return new Lease(key, entry, entry.load(spec, loader));
        } catch (RuntimeException | Error e) {
            release(key, entry);
            throw e;
        }
    }

    /** How many slots hold the model of a spec (0 when none is loaded). */
    public static int references(ModelSpec spec) {
        Key key = Key.of(spec);
        synchronized (MODELS) {
            Entry entry = MODELS.get(key);
            return entry == null ? 0 : entry.references;
        }
    }

    private static void release(Key key, Entry entry) {
        synchronized (MODELS) {
            if (--entry.references > 0) {
                return;
            }
            MODELS.remove(key, entry);
        }
        entry.close();
    }

    private record Key(
            String location,
            String sha256,
            String device,
            String precision,
            int topK,
            boolean softmax) {
        static Key of(ModelSpec spec) {
            return new Key(
                    spec.location(),
                    spec.sha256().orElse(""),
                    spec.device().toString(),
                    spec.precision().name(),
                    spec.topK(),
                    spec.applySoftmax());
        }
    }

    /** One model and its holders; loaded by the first holder, under the entry's own lock. */
    private static final class Entry {
        int references; // guarded by MODELS
        private ClassifierModel model; // guarded by this
        private boolean closed; // guarded by this

        synchronized ClassifierModel load(
                ModelSpec spec, Function<ModelSpec, ClassifierModel> loader) {
            if (model == null) {
                model = loader.apply(spec); // a failed load leaves it to the next holder to retry
            }
            return model;
        }

        synchronized void close() {
            if (model != null && !closed) {
                closed = true;
                model.close();
            }
        }
    }
}
