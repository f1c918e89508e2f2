package io.frameflow.zoo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class CostCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return new CommandLine(new ZooCli())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setOut(new PrintWriter(out))
                .setErr(new PrintWriter(err))
                .execute(args);
    }

    @Test
    void printsTheTotalsOfTheRequestedNetwork() {
        int exit = run("cost", "--family", "v1", "--alpha", "0.5", "--resolution", "224");

        assertThat(exit).isZero();
        assertThat(out.toString()).contains("Total: 149.5 M mult-adds, 1.32 M parameters");
    }

    @Test
    void mobileNetV2() {
        int exit = run("cost", "--family", "v2");

        assertThat(exit).isZero();
        assertThat(out.toString()).contains("Total: 300.8 M mult-adds, 3.47 M parameters");
    }

    @Test
    void invalidAlphaIsAnErrorNamingIt() {
        int exit = run("cost", "--alpha", "0");

        assertThat(exit).isNotZero();
        assertThat(err.toString()).contains("alpha must be in (0, 2]");
    }
}
