package io.frameflow.job.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's configuration reference is exactly what the typed options generate. */
class ReadmeConfigReferenceTest {

    @Test
    void readmeMatchesTheOptionsInTheCode() throws Exception {
        Path readme = Path.of("..", "README.md");
        assertThat(readme).as("README.md at the repository root").exists();
        String text = Files.readString(readme);
        int begin = text.indexOf(ConfigReference.BEGIN);
        int end = text.indexOf(ConfigReference.END);
        assertThat(begin).as("begin marker").isNotNegative();
        assertThat(end).as("end marker").isGreaterThan(begin);

        String documented = text.substring(begin + ConfigReference.BEGIN.length() + 1, end);

        assertThat(documented)
                .as("regenerate with: ./frameflow config-reference")
                .isEqualTo(ConfigReference.markdown());
    }
}
