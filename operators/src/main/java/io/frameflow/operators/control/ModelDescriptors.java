package io.frameflow.operators.control;

import io.frameflow.event.ModelDescriptor;
import io.frameflow.event.ModelRole;
import io.frameflow.zoo.model.BundledModel;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Making and checking {@link ModelDescriptor}s. A descriptor that fails {@link #problems} is
 * refused as it arrives, before anything is loaded; the CLI runs the same checks before publishing.
 */
public final class ModelDescriptors {

    /** Hex digits of the SHA-256 that make a model's version, as predictions carry it. */
    public static final int VERSION_LENGTH = 12;

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private ModelDescriptors() {}

    /**
     * A new descriptor with a fresh id, the version taken from the SHA-256, published now.
     *
     * @param modelId the model's name; null or blank takes the last segment of the location
     * @param location where the model is
     * @param sha256 the TorchScript file's SHA-256
     * @param role the role it takes
     * @param canaryPercent the canary's share of cameras (role CANARY only, else null)
     * @param publishedBy who publishes it
     */
    public static ModelDescriptor create(
            String modelId,
            String location,
            String sha256,
            ModelRole role,
            Double canaryPercent,
            String publishedBy) {
        String sha = sha256 == null ? "" : sha256.strip().toLowerCase(Locale.ROOT);
        String loc = location == null ? "" : location.strip();
        return ModelDescriptor.newBuilder()
                .setId(UUID.randomUUID().toString())
                .setModelId(
                        modelId == null || modelId.isBlank()
                                ? defaultModelId(loc)
                                : modelId.strip())
                .setVersion(version(sha))
                .setLocation(loc)
                .setSha256(sha)
                .setRole(role)
                .setCanaryPercent(canaryPercent)
                .setPublishedBy(publishedBy)
                .setPublishedAt(System.currentTimeMillis())
                .build();
    }

    /** What is wrong with a descriptor, in words; empty when it is well formed. */
    public static List<String> problems(ModelDescriptor d) {
        List<String> problems = new ArrayList<>();
        if (d.getId() == null || d.getId().isBlank()) {
            problems.add("id is empty");
        }
        if (d.getModelId() == null || d.getModelId().isBlank()) {
            problems.add("modelId is empty");
        }
        if (d.getLocation() == null || d.getLocation().isBlank()) {
            problems.add("location is empty");
        }
        if (d.getSha256() == null || !SHA256.matcher(d.getSha256()).matches()) {
            problems.add(
                    "sha256 must be 64 lower-case hexadecimal digits, was '" + d.getSha256() + "'");
        } else if (!version(d.getSha256()).equals(d.getVersion())) {
            problems.add(
                    "version must be the first "
                            + VERSION_LENGTH
                            + " digits of sha256 ("
                            + version(d.getSha256())
                            + "), was '"
                            + d.getVersion()
                            + "'");
        }
        if (d.getRole() == null) {
            problems.add("role is missing");
        } else if (d.getRole() == ModelRole.CANARY) {
            Double percent = d.getCanaryPercent();
            if (percent == null || !(percent > 0 && percent <= 100)) {
                problems.add("a canary needs canaryPercent in (0, 100], was " + percent);
            }
        } else if (d.getCanaryPercent() != null) {
            problems.add("canaryPercent is only for role CANARY, this one is " + d.getRole());
        }
        if (d.getPublishedBy() == null || d.getPublishedBy().isBlank()) {
            problems.add("publishedBy is empty");
        }
        return problems;
    }

    /** The version of a SHA-256: its first {@value #VERSION_LENGTH} hex digits. */
    public static String version(String sha256) {
        return sha256.length() < VERSION_LENGTH ? sha256 : sha256.substring(0, VERSION_LENGTH);
    }

    /**
     * The model id a location implies, the way the loader names models: the last path segment
     * without {@code .pt} ({@code s3://b/models/coarse/} and {@code /m/coarse/coarse.pt} are {@code
     * coarse}), the bundled model's name for {@code bundled}.
     */
    public static String defaultModelId(String location) {
        String path = location.strip();
        Optional<BundledModel> bundled = BundledModel.forLocation(path);
        if (bundled.isPresent()) {
            return bundled.get().modelName();
        }
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        String name = path.substring(path.lastIndexOf('/') + 1);
        name = name.substring(name.lastIndexOf(':') + 1);
        return name.endsWith(".pt") ? name.substring(0, name.length() - 3) : name;
    }

    /** One line for logs and tables: {@code coarse@1a2b3c4d5e6f canary 20%}. */
    public static String describe(ModelDescriptor d) {
        String role = d.getRole() == null ? "?" : d.getRole().name().toLowerCase(Locale.ROOT);
        String percent =
                d.getCanaryPercent() == null ? "" : " " + percent(d.getCanaryPercent()) + "%";
        return d.getModelId() + "@" + d.getVersion() + " " + role + percent;
    }

    /** A canary share as people write it: {@code 20}, {@code 2.5}, never {@code 20.0}. */
    public static String percent(double percent) {
        return BigDecimal.valueOf(percent).stripTrailingZeros().toPlainString();
    }
}
