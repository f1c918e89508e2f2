package io.frameflow.operators.classify;

import io.frameflow.zoo.model.ClassifierModel;
import io.frameflow.zoo.model.ModelLoader;
import io.frameflow.zoo.model.ModelSpec;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Loads each model once per JVM (a TaskManager) and shares it between the slots that use it: a DJL
 * {@code Model} is thread-safe, its weights are the bulk of the memory. Reference-counted; the last
 * slot to release a model closes it.
 *
 * <p>The registry is static per class loader, so the subtasks of one job share, and a job
 * resubmitted with a new user-code class loader gets its own.
 */
public final class SharedModels {

    private static final Map<Key, Entry> MODELS = new HashMap<>();

    private SharedModels() {}

    /** A slot's hold on a shared model; closing it releases the hold. */
    public static final class Lease implements AutoCloseable {
        private final Key key;
        private final ClassifierModel model;
        private boolean released;

        private Lease(Key key, ClassifierModel model) {
            this.key = key;
            this.model = model;
        }

        public ClassifierModel model() {
            return model;
        }

        @Override
        public void close() {
            synchronized (MODELS) {
                if (released) {
                    return;
                }
                released = true;
                Entry entry = MODELS.get(key);
                if (entry != null && --entry.references == 0) {
                    MODELS.remove(key);
                    entry.model.close();
                }
            }
        }
    }

    /** Takes a hold on the model a spec names, loading it if no slot holds it yet. */
    public static Lease acquire(ModelSpec spec) {
        return acquire(spec, ModelLoader::load);
    }

    static Lease acquire(ModelSpec spec, Function<ModelSpec, ClassifierModel> loader) {
        Key key = Key.of(spec);
        synchronized (MODELS) {
            Entry entry = MODELS.get(key);
            if (entry == null) {
                entry = new Entry(loader.apply(spec));
                MODELS.put(key, entry);
            }
            entry.references++;
            return new Lease(key, entry.model);
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

    private record Key(String location, String device, String sha256, int topK) {
        static Key of(ModelSpec spec) {
            return new Key(
                    spec.location(),
                    spec.device().toString(),
                    spec.sha256().orElse(""),
                    spec.topK());
        }
    }

    private static final class Entry {
        final ClassifierModel model;
        int references;

        Entry(ClassifierModel model) {
            this.model = model;
        }
    }
}
