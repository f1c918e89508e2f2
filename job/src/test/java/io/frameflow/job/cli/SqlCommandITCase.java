package io.frameflow.job.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.frameflow.job.testutils.ReadmeSql;
import io.frameflow.zoo.data.FashionMnist;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code frameflow sql -f script.sql} on a local MiniCluster: the README's first Flink SQL example,
 * exactly as written, over a {@code frames} view of Fashion-MNIST PNGs; and a mistake in a model
 * option, which fails the script with an error naming the option.
 */
class SqlCommandITCase {

    private static final int IMAGES = 4;

    @TempDir Path tmp;

    /** A {@code frames} view of (camera, image) rows, the PNGs as hexadecimal literals. */
    private static String framesView() throws IOException {
        FashionMnist testSet = FashionMnist.testSet();
        StringBuilder rows = new StringBuilder();
        for (int i = 0; i < IMAGES; i++) {
            ByteArrayOutputStream png = new ByteArrayOutputStream();
            ImageIO.write(testSet.image(i), "png", png);
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

    private record Run(int exitCode, String out, String err) {}

    private Run sql(String script) throws Exception {
        Path file = Files.writeString(tmp.resolve("script.sql"), script);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StringWriter err = new StringWriter();
        PrintStream stdout = System.out;
        CommandLine cli = FrameflowCli.commandLine();
        cli.setErr(new PrintWriter(err, true));
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            int code = cli.execute("sql", "-f", file.toString(), "-D", "parallelism.default=1");
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString());
        } finally {
            System.setOut(stdout);
        }
    }

    @Test
    void runsTheReadmeExampleAsWritten() throws Exception {
        String readmeExample = ReadmeSql.block(0);
        assertThat(readmeExample).contains("CREATE MODEL fashion", "FROM ML_PREDICT(TABLE frames");

        Run run = sql(framesView() + readmeExample);

        assertThat(run.exitCode()).as(run.err()).isZero();
        FashionMnist testSet = FashionMnist.testSet();
        List<String> rows =
                run.out()
                        .lines()
                        .filter(line -> line.contains("cam-"))
                        .collect(Collectors.toList());
        assertThat(rows).as(run.out()).hasSize(IMAGES);
        IntStream.range(0, IMAGES)
                .forEach(
                        i ->
                                assertThat(rows)
                                        .anySatisfy(
                                                row ->
                                                        assertThat(row)
                                                                .contains(
                                                                        "cam-" + i,
                                                                        FashionMnist.CLASS_NAMES
                                                                                .get(
                                                                                        testSet
                                                                                                .label(
                                                                                                        i)))));
    }

    @Test
    void aWrongModelOptionFailsTheScriptNamingTheOption() throws Exception {
        String wrong = ReadmeSql.block(0).replace("'batch-size' = '16'", "'batch-size' = '0'");

        Run run = sql(framesView() + wrong);

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Invalid model option 'batch-size' = '0'");
    }
}
