package io.frameflow.job.testutils;

import io.frameflow.zoo.data.FashionMnist;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.HexFormat;

/**
 * A {@code frames} view for SQL scripts: (camera, image) rows of Fashion-MNIST test PNGs written as
 * hexadecimal literals, camera {@code cam-<i>} for test image i, so that a script needs no
 * connector to have images.
 */
public final class SqlFrames {

    private SqlFrames() {}

    /** {@code CREATE TEMPORARY VIEW frames ...;} with the first {@code images} test images. */
    public static String view(int images) throws IOException {
        FashionMnist testSet = FashionMnist.testSet();
        StringBuilder rows = new StringBuilder();
        for (int i = 0; i < images; i++) {
            ByteArrayOutputStream png = new ByteArrayOutputStream();
            javax.imageio.ImageIO.write(testSet.image(i), "png", png);
            rows.append(i == 0 ? "" : ", ")
                    .append("('cam-")
                    .append(i)
                    .append("', X'")
                    .append(HexFormat.of().formatHex(png.toByteArray()))
                    .append("')");
        }
        return "CREATE TEMPORARY VIEW frames AS SELECT * FROM (VALUES "
                + rows
                + ") AS t(camera, image);\n";
    }

    /** The class name of test image {@code i}, the label its {@code cam-<i>} row should get. */
    public static String label(int i) {
        return FashionMnist.CLASS_NAMES.get(FashionMnist.testSet().label(i));
    }
}
