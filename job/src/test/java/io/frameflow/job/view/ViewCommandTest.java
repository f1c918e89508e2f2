package io.frameflow.job.view;

import static org.assertj.core.api.Assertions.assertThat;

import io.frameflow.job.testutils.CommandLineRun;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code frameflow view} as a terminal sees it; no broker is needed to serve the page. */
class ViewCommandTest {

    private static final Pattern ADDRESS =
            Pattern.compile("Frameflow live view (http://localhost:\\d+/)");

    @Test
    void printsItsAddressServesThePageAndStops() throws Exception {
        String text;
        HttpResponse<String> page;
        HttpResponse<String> snapshot;
        try (CommandLineRun view =
                CommandLineRun.start(
                        "view",
                        "--bootstrap-servers",
                        "localhost:1",
                        "--port",
                        "0",
                        "--duration",
                        "8s")) {
            text = view.awaitStdout(ADDRESS.asPredicate(), Duration.ofSeconds(30));
            Matcher address = ADDRESS.matcher(text);
            assertThat(address.find()).isTrue();
            HttpClient http = HttpClient.newHttpClient();
            URI base = URI.create(address.group(1));
            page =
                    http.send(
                            HttpRequest.newBuilder(base).build(),
                            HttpResponse.BodyHandlers.ofString());
            snapshot =
                    http.send(
                            HttpRequest.newBuilder(base.resolve("snapshot.json")).build(),
                            HttpResponse.BodyHandlers.ofString());
            CommandLineRun.Result result = view.await(Duration.ofSeconds(30));
            assertThat(result.exitCode()).as(result.stderr()).isZero();
            text = result.stdout();
        }

        assertThat(text)
                .contains(
                        "reading localhost:1: predictions predictions, frames frames,"
                                + " dead letters frames-dlq")
                .contains("Frameflow live view stopped.");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<title>Frameflow live view</title>");
        assertThat(snapshot.body()).contains("\"predictions\":0");
    }

    @Test
    void aTakenPortIsAnErrorNamingTheOption() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("localhost"))) {
            CommandLineRun.Result result =
                    CommandLineRun.run(
                            "view",
                            "--bootstrap-servers",
                            "localhost:1",
                            "--port",
                            String.valueOf(taken.getLocalPort()),
                            "--duration",
                            "1s");

            assertThat(result.exitCode()).isEqualTo(2);
            assertThat(result.stderr())
                    .contains("Cannot listen on localhost:" + taken.getLocalPort())
                    .contains("view.port");
        }
    }

    @Test
    void anInvalidViewOptionNamesItsKey() throws Exception {
        CommandLineRun.Result result = CommandLineRun.run("view", "--tiles-per-camera", "0");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stderr())
                .contains("view.tiles-per-camera must be between 1 and 50, was 0");
    }
}
