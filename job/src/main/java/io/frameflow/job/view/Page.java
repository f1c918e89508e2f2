package io.frameflow.job.view;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The view's one page: a self-contained HTML file (its style and script inline, no external
 * resource, so it works offline), and the Content-Security-Policy it is served with. The policy
 * allows exactly the page's own inline script and style (by their SHA-256) and same-origin images
 * and events: even a string from the wire that slipped into markup could not run a script.
 */
final class Page {

    private static final String RESOURCE = "index.html";
    private static final Pattern INLINE =
            Pattern.compile("<(script|style)>(.*?)</\\1>", Pattern.DOTALL);

    private final byte[] html;
    private final String contentSecurityPolicy;

    private Page(byte[] html, String contentSecurityPolicy) {
        this.html = html;
        this.contentSecurityPolicy = contentSecurityPolicy;
    }

    /** Loads the page from the classpath and derives its policy. */
    static Page load() {
        String text;
        try (InputStream in = Page.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("The view's " + RESOURCE + " is missing");
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> scripts = new ArrayList<>();
        List<String> styles = new ArrayList<>();
        Matcher inline = INLINE.matcher(text);
        while (inline.find()) {
            (inline.group(1).equals("script") ? scripts : styles).add(hash(inline.group(2)));
        }
        String policy =
                "default-src 'none'; script-src "
                        + String.join(" ", scripts)
                        + "; style-src "
                        + String.join(" ", styles)
                        + "; img-src 'self'; connect-src 'self'; base-uri 'none';"
                        + " form-action 'none'; frame-ancestors 'none'";
        return new Page(text.getBytes(StandardCharsets.UTF_8), policy);
    }

    byte[] html() {
        return html.clone();
    }

    String contentSecurityPolicy() {
        return contentSecurityPolicy;
    }

    private static String hash(String inline) {
        try {
            byte[] digest =
                    MessageDigest.getInstance("SHA-256")
                            .digest(inline.getBytes(StandardCharsets.UTF_8));
            return "'sha256-" + Base64.getEncoder().encodeToString(digest) + "'";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
