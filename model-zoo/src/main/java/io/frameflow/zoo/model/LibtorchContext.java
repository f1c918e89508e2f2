package io.frameflow.zoo.model;

import ai.djl.pytorch.jni.LibUtils;
import com.sun.jna.Function;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The quantized-engine switch of libtorch's global {@code at::Context}, which DJL does not expose:
 * the three C++ functions behind Python's {@code torch.backends.quantized.engine}, called through
 * JNA (which DJL itself ships and uses for CUDA) in the libtorch DJL has loaded.
 *
 * <p>Engines are libtorch's {@code c10::QEngine} values (a {@code uint8_t} enum). The symbols are
 * Itanium C++ ABI names of libtorch 2.x on Linux and macOS; a member function takes {@code this} as
 * its first argument there. A C++ exception must never cross JNA (it aborts the JVM), so {@link
 * #setQEngine} is only called with an engine {@link #supportedQEngines()} lists: libtorch throws
 * for any other.
 */
final class LibtorchContext {

    private static final String GLOBAL_CONTEXT = "_ZN2at13globalContextEv";
    private static final String Q_ENGINE = "_ZNK2at7Context7qEngineEv";
    private static final String SET_Q_ENGINE = "_ZN2at7Context10setQEngineEN3c107QEngineE";
    private static final String SUPPORTED_Q_ENGINES = "_ZN2at7Context17supportedQEnginesEv";

    private static volatile LibtorchContext instance;

    private final NativeLibrary library;
    private final Pointer context;

    private LibtorchContext(NativeLibrary library) {
        this.library = library;
        this.context = (Pointer) function(GLOBAL_CONTEXT).invoke(Pointer.class, new Object[0]);
    }

    /** The context of the libtorch DJL loaded (loading the engine first if needed). */
    static LibtorchContext get() {
        LibtorchContext result = instance;
        if (result == null) {
            synchronized (LibtorchContext.class) {
                result = instance;
                if (result == null) {
                    result = new LibtorchContext(openLoadedLibtorch());
                    instance = result;
                }
            }
        }
        return result;
    }

    /** The engine quantized operators run on now. */
    int qEngine() {
        return function(Q_ENGINE).invokeInt(new Object[] {context}) & 0xff;
    }

    /** Sets the engine; only call it with one of {@link #supportedQEngines()}. */
    void setQEngine(int engine) {
        function(SET_Q_ENGINE).invokeVoid(new Object[] {context, (byte) engine});
    }

    /** The engines this libtorch was built with (and this CPU can run). */
    List<Integer> supportedQEngines() {
        // A static function returning const std::vector<c10::QEngine>&: begin and end pointers.
        Pointer vector =
                (Pointer) function(SUPPORTED_Q_ENGINES).invoke(Pointer.class, new Object[0]);
        Pointer begin = vector.getPointer(0);
        long size =
                Pointer.nativeValue(vector.getPointer(Native.POINTER_SIZE))
                        - Pointer.nativeValue(begin);
        List<Integer> engines = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            engines.add(begin.getByte(i) & 0xff);
        }
        return engines;
    }

    private Function function(String symbol) {
        try {
            return library.getFunction(symbol);
        } catch (UnsatisfiedLinkError e) {
            throw new UnsupportedOperationException(
                    "This libtorch ("
                            + library.getFile()
                            + ") has no "
                            + symbol
                            + "; choosing the quantized engine needs libtorch 2.x on Linux or"
                            + " macOS",
                    e);
        }
    }

    private static NativeLibrary openLoadedLibtorch() {
        PyTorchRuntime.engine();
        String file =
                Platform.isMac()
                        ? "libtorch_cpu.dylib"
                        : Platform.isWindows() ? "torch_cpu.dll" : "libtorch_cpu.so";
        Path path = Path.of(LibUtils.getLibtorchPath()).resolve(file);
        // The path DJL loaded from: the dynamic loader hands back the library already in memory.
        return NativeLibrary.getInstance(path.toString());
    }
}
