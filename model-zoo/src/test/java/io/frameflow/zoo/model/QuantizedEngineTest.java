package io.frameflow.zoo.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.inference.Predictor;
import ai.djl.modality.Classifications;
import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.ImageFactory;
import io.frameflow.zoo.data.FashionMnist;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Choosing libtorch's quantized engine from Java, and running the int8 model on each. */
class QuantizedEngineTest {

    @AfterEach
    void backToTheDefault() {
        ModelSpec.DEFAULT_QUANTIZED_ENGINE.use();
    }

    @Test
    void djlsLibtorchSupportsAllFourOnX86AndStartsWithX86() {
        assertThat(QuantizedEngine.supported()).containsExactlyInAnyOrder(QuantizedEngine.values());
    }

    @ParameterizedTest
    @EnumSource(QuantizedEngine.class)
    void loadingAnInt8ModelSetsTheSpecsEngineAndEveryEngineAgreesWithPyTorch(QuantizedEngine engine)
            throws Exception {
        ModelSpec spec = BundledModel.INT8.spec().toBuilder().optQuantizedEngine(engine).build();
        FashionMnist testSet = FashionMnist.testSet();
        ImageFactory factory = ImageFactory.getInstance();
        List<Image> images = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            images.add(factory.fromImage(testSet.image(i)));
        }

        try (ClassifierModel model = ModelLoader.load(spec);
                Predictor<Image, Classifications> predictor = model.newPredictor()) {
            assertThat(QuantizedEngine.current()).contains(engine);
            List<Classifications> results = predictor.batchPredict(images);
            ReferenceTop5 reference = ReferenceTop5.int8();
            int sameTop1 = 0;
            for (int i = 0; i < 200; i++) {
                String best = results.get(i).best().getClassName();
                if (reference.top1(i).contains(model.labels().indexOf(best))) {
                    sameTop1++;
                }
            }
            // Engines round differently; on these 200 images none changed a top-1 (measured).
            assertThat(sameTop1).as("top-1 as PyTorch's on %s", engine).isGreaterThanOrEqualTo(199);
        }
    }

    @Test
    void useChangesTheEngineOfTheJvm() {
        QuantizedEngine.QNNPACK.use();
        assertThat(QuantizedEngine.current()).contains(QuantizedEngine.QNNPACK);
        QuantizedEngine.ONEDNN.use();
        assertThat(QuantizedEngine.current()).contains(QuantizedEngine.ONEDNN);
    }

    @Test
    void namesParseAsTorchSpellsThem() {
        assertThat(QuantizedEngine.parse(" qnnpack")).isEqualTo(QuantizedEngine.QNNPACK);
        assertThat(QuantizedEngine.X86.label()).isEqualTo("x86");
        assertThatThrownBy(() -> QuantizedEngine.parse("tensorrt"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("x86, fbgemm, qnnpack, onednn")
                .hasMessageContaining("tensorrt");
    }

    @Test
    void anInt8ModelIsRefusedOnAGpu() {
        ModelFolder folder =
                ModelFolder.resolve(BundledModel.INT8.folder(), BundledModel.INT8.location());

        assertThat(folder.quantized()).isTrue();
        assertThatThrownBy(
                        () ->
                                ModelLoader.prepareQuantized(
                                        folder, Device.gpu(0), QuantizedEngine.X86))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("int8 runs on the CPU only");
    }
}
