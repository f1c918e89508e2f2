package io.frameflow.zoo.model;

import ai.djl.engine.Engine;
import ai.djl.engine.EngineException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one door to DJL's PyTorch engine: checks what must hold before libtorch loads, then loads it.
 *
 * <ul>
 *   <li><b>OpenMP's wait policy.</b> libtorch's OpenMP workers spin while they wait for work;
 *       beside any busy neighbour (decode, Kafka, GC, another slot or process) the spinning threads
 *       and the preempted one starve each other, and one busy neighbour cut {@code evaluate} from 2
 *       658 to 185 images/s on 2 cores. libgomp reads {@code OMP_WAIT_POLICY} once, when libtorch
 *       loads. Frameflow's launchers set it to {@code PASSIVE} where the process starts; where
 *       nobody did, this sets it in the process's own environment (libc {@code setenv}) before
 *       libtorch loads, so it holds however the JVM was started. A value that was set is respected.
 *   <li><b>A libtorch of one's own</b> ({@code PYTORCH_LIBRARY_PATH}, e.g. a CUDA build from a
 *       PyTorch wheel) must be the version DJL's JNI was built for, in a flavour the JNI jar ships;
 *       otherwise DJL would try to download another JNI (refused offline) or crash in the linker.
 *       This fails first, saying which versions disagree.
 * </ul>
 */
public final class PyTorchRuntime {

    /** libgomp's environment variable for how idle threads wait. */
    public static final String OMP_WAIT_POLICY = "OMP_WAIT_POLICY";

    /** Idle OpenMP threads sleep instead of spinning. */
    public static final String PASSIVE = "PASSIVE";

    static final String LIBRARY_PATH = "PYTORCH_LIBRARY_PATH";
    static final String VERSION = "PYTORCH_VERSION";
    static final String FLAVOR = "PYTORCH_FLAVOR";
    private static final String JNI_PROPERTIES = "jnilib/pytorch.properties";
    private static final String LINUX_X86_64 = "linux-x86_64";

    private static final Logger LOG = LoggerFactory.getLogger(PyTorchRuntime.class);

    private static volatile Engine engine;
    private static volatile String waitPolicy;

    private PyTorchRuntime() {}

    /** The PyTorch engine, loaded on first use after the checks above. */
    public static Engine engine() {
        Engine result = engine;
        if (result == null) {
            synchronized (PyTorchRuntime.class) {
                result = engine;
                if (result == null) {
                    // Frameflow never lets DJL download at run time; one may opt out.
                    if (System.getProperty("ai.djl.offline") == null) {
                        System.setProperty("ai.djl.offline", "true");
                    }
                    checkLibraryOverride(System.getenv(), jniVersion());
                    waitPolicy = ensurePassiveWait();
                    try {
                        result = Engine.getEngine(ModelLoader.ENGINE);
                    } catch (EngineException | UnsatisfiedLinkError e) {
                        throw new ModelLoadException(
                                "libtorch could not be loaded ("
                                        + e.getMessage()
                                        + "); "
                                        + describeLibrary(System.getenv()),
                                e);
                    }
                    engine = result;
                }
            }
        }
        return result;
    }

    /**
     * The OpenMP wait policy libtorch's threads were started with, as the process environment held
     * it when libtorch loaded ("" when unset).
     */
    public static String waitPolicy() {
        engine();
        return waitPolicy;
    }

    /** Whether libtorch's idle OpenMP threads sleep rather than spin. */
    public static boolean passiveWait() {
        return PASSIVE.equalsIgnoreCase(waitPolicy());
    }

    /**
     * Sets OMP_WAIT_POLICY=PASSIVE in this process unless it is set (set empty, libgomp keeps its
     * default: spin, then sleep); returns its value.
     */
    private static String ensurePassiveWait() {
        try {
            CLibrary libc = Native.load("c", CLibrary.class);
            String value = libc.getenv(OMP_WAIT_POLICY);
            if (value == null) {
                libc.setenv(OMP_WAIT_POLICY, PASSIVE, 1);
                value = libc.getenv(OMP_WAIT_POLICY);
                LOG.info(
                        "{}={} set before libtorch loaded: idle OpenMP threads sleep",
                        OMP_WAIT_POLICY,
                        value);
            } else {
                LOG.info("{}={} from the environment", OMP_WAIT_POLICY, value);
            }
            return value == null ? "" : value;
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            String value = System.getenv(OMP_WAIT_POLICY);
            LOG.warn(
                    "Cannot reach libc to set {} ({}); it is '{}'",
                    OMP_WAIT_POLICY,
                    e.toString(),
                    value);
            return value == null ? "" : value;
        }
    }

    /**
     * Fails with a precise message when a libtorch of one's own ({@code PYTORCH_LIBRARY_PATH})
     * cannot pair with DJL's JNI.
     *
     * @param env the process environment
     * @param jniVersion the {@code jni_version} of DJL's {@code pytorch-jni} jar, e.g. {@code
     *     2.7.1-0.36.0}; null when no such jar is on the class path
     */
    static void checkLibraryOverride(Map<String, String> env, String jniVersion) {
        String path = env.get(LIBRARY_PATH);
        if (path == null || path.isBlank()) {
            return;
        }
        boolean found = false;
        for (String dir : path.split(java.io.File.pathSeparator)) {
            found |= Files.isRegularFile(Path.of(dir, "libtorch.so"));
        }
        if (!found) {
            throw new ModelLoadException(
                    LIBRARY_PATH + "=" + path + " holds no libtorch.so; " + describeLibrary(env));
        }
        if (jniVersion == null) {
            return; // no JNI jar: DJL looks for libdjl_torch.so beside libtorch
        }
        String libtorchVersion = env.get(VERSION);
        String jniTorchVersion = jniVersion.substring(0, jniVersion.indexOf('-'));
        if (libtorchVersion == null || libtorchVersion.isBlank()) {
            throw new ModelLoadException(
                    String.format(
                            "%s is set but %s is not: set it to the version of that libtorch;"
                                    + " DJL's JNI (pytorch-jni %s) pairs with libtorch %s only",
                            LIBRARY_PATH, VERSION, jniVersion, jniTorchVersion));
        }
        if (!jniVersion.startsWith(libtorchVersion.strip() + "-")) {
            throw new ModelLoadException(
                    String.format(
                            "libtorch %s (%s=%s) does not match DJL's JNI, built for libtorch %s"
                                    + " (pytorch-jni %s): use libtorch %s (for CUDA, the CUDA 12.8"
                                    + " PyTorch %s wheel's torch/lib) or the pytorch-jni of your"
                                    + " libtorch; DJL would otherwise download a JNI at run time",
                            libtorchVersion,
                            LIBRARY_PATH,
                            path,
                            jniTorchVersion,
                            jniVersion,
                            jniTorchVersion,
                            jniTorchVersion));
        }
        String flavor = env.getOrDefault(FLAVOR, "cpu").strip();
        String jni = "jnilib/" + LINUX_X86_64 + "/" + flavor + "/libdjl_torch.so";
        if (PyTorchRuntime.class.getClassLoader().getResource(jni) == null) {
            throw new ModelLoadException(
                    String.format(
                            "%s=%s: DJL's JNI jar (pytorch-jni %s) has no %s build (%s); it ships"
                                    + " cpu and cu128 for %s",
                            FLAVOR, flavor, jniVersion, flavor, jni, LINUX_X86_64));
        }
    }

    private static String describeLibrary(Map<String, String> env) {
        return String.format(
                "%s=%s, %s=%s, %s=%s, DJL's JNI %s",
                LIBRARY_PATH,
                env.get(LIBRARY_PATH),
                VERSION,
                env.get(VERSION),
                FLAVOR,
                env.get(FLAVOR),
                jniVersion());
    }

    /**
     * The version of DJL's JNI jar on the class path, e.g. {@code 2.7.1-0.36.0} (libtorch, DJL), or
     * null without the jar.
     */
    public static String jniVersion() {
        try (InputStream in =
                PyTorchRuntime.class.getClassLoader().getResourceAsStream(JNI_PROPERTIES)) {
            if (in == null) {
                return null;
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("jni_version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The two libc functions this needs. */
    private interface CLibrary extends Library {
        String getenv(String name);

        int setenv(String name, String value, int overwrite);
    }
}
