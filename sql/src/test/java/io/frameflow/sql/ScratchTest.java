package io.frameflow.sql;

import io.frameflow.zoo.data.FashionMnist;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.api.Table;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;

class ScratchTest {
    @Test
    void run() throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        StreamTableEnvironment t = StreamTableEnvironment.create(env);
        FashionMnist fm = FashionMnist.testSet();
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            ByteArrayOutputStream png = new ByteArrayOutputStream();
            ImageIO.write(fm.image(i), "png", png);
            rows.add(Row.of("camera-" + i % 3, png.toByteArray()));
        }
        rows.add(Row.of("bad", new byte[] {1, 2, 3}));
        Table frames =
                t.fromValues(
                        DataTypes.ROW(
                                DataTypes.FIELD("camera", DataTypes.STRING()),
                                DataTypes.FIELD("image", DataTypes.BYTES())),
                        rows);
        t.createTemporaryView("frames", frames);
        System.out.println(t.executeSql("CREATE MODEL fashion INPUT (image BYTES) OUTPUT (label STRING, probability FLOAT, top_k ARRAY<ROW<label STRING, probability FLOAT>>, error STRING) WITH ('provider' = 'frameflow', 'model' = 'bundled', 'batch-size' = '16', 'max-wait' = '5 ms', 'bogus' = '1')").getResultKind());
        try {
            System.out.println(t.explainSql("SELECT camera, label FROM ML_PREDICT(TABLE frames, MODEL fashion, DESCRIPTOR(image))"));
        } catch (Exception e) { e.printStackTrace(System.out); }
        t.executeSql("DROP MODEL fashion");
        t.executeSql("CREATE MODEL fashion INPUT (image BYTES) OUTPUT (label STRING, probability FLOAT, top_k ARRAY<ROW<label STRING, probability FLOAT>>, error STRING) WITH ('provider' = 'frameflow', 'model' = 'bundled', 'batch-size' = '16', 'max-wait' = '5 ms')");
        System.out.println(t.explainSql("SELECT camera, label FROM ML_PREDICT(TABLE frames, MODEL fashion, DESCRIPTOR(image))"));
        try (CloseableIterator<Row> it = t.executeSql("SELECT camera, label, probability, top_k, error FROM ML_PREDICT(TABLE frames, MODEL fashion, DESCRIPTOR(image))").collect()) {
            it.forEachRemaining(System.out::println);
        }
    }
}
