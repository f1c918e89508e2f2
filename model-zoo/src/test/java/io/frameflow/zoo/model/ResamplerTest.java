package io.frameflow.zoo.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ResamplerTest {

    @Test
    void resizingOnlyTheCropGivesTheSameValuesAsResizingAllAndCropping() {
        int srcW = 640;
        int srcH = 480;
        float[] src = new float[srcW * srcH];
        Random random = new Random(3);
        for (int i = 0; i < src.length; i++) {
            src[i] = random.nextFloat();
        }
        int dstW = 341;
        int dstH = 256;
        int left = 58;
        int top = 16;
        float[] whole = Resampler.resize(src, srcW, srcH, dstW, dstH);
        float[] window = Resampler.resizeCrop(src, srcW, srcH, dstW, dstH, left, top, 224, 224);

        float[] cropped = new float[224 * 224];
        for (int y = 0; y < 224; y++) {
            System.arraycopy(whole, (y + top) * dstW + left, cropped, y * 224, 224);
        }
        assertThat(window).containsExactly(cropped);
    }

    @Test
    void upscalingWorksToo() {
        float[] src = {0f, 1f, 1f, 0f};
        float[] out = Resampler.resize(src, 2, 2, 4, 4);
        assertThat(out).hasSize(16);
        assertThat(out[0]).isEqualTo(0f);
        assertThat(out[3]).isEqualTo(1f);
    }
}
