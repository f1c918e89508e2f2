package io.frameflow.zoo.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FashionMnistTest {

    @Test
    void theBundledTestSetHasAThousandImagesPerClass() {
        FashionMnist testSet = FashionMnist.testSet();

        assertThat(testSet.size()).isEqualTo(10_000);
        int[] counts = new int[10];
        for (int i = 0; i < testSet.size(); i++) {
            counts[testSet.label(i)]++;
        }
        assertThat(counts).containsOnly(1000);
    }

    @Test
    void imagesAreEightBitGray28By28() {
        BufferedImage image = FashionMnist.testSet().image(0);

        assertThat(image.getType()).isEqualTo(BufferedImage.TYPE_BYTE_GRAY);
        assertThat(image.getWidth()).isEqualTo(28);
        assertThat(image.getHeight()).isEqualTo(28);
        assertThat(FashionMnist.testSet().label(0)).isEqualTo(9); // ankle boot
    }

    @Test
    void rejectsAFileThatIsNotIdx() {
        byte[] junk = {1, 2, 3, 4, 5, 6, 7, 8};

        assertThatThrownBy(
                        () ->
                                FashionMnist.read(
                                        new ByteArrayInputStream(junk),
                                        new ByteArrayInputStream(junk)))
                .hasMessageContaining("Not an IDX image file");
    }

    @Test
    void aMissingFolderSaysWhatToInstall(@TempDir Path empty) {
        assertThatThrownBy(() -> FashionMnist.read(empty, "train"))
                .hasMessageContaining("train-images-idx3-ubyte[.gz] not found")
                .hasMessageContaining("dataset-fashion-mnist");
    }
}
