package io.frameflow.zoo.model;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * What the training script records beside a model it exports ({@code metadata.json}).
 *
 * @param name model name
 * @param architecture the network, in words
 * @param alpha width multiplier
 * @param inputSize input height and width
 * @param multAdds mult-adds per image, counted on the trained network
 * @param params parameters, counted on the trained network
 * @param testAccuracy top-1 accuracy on the test set, measured in Python
 * @param sha256 SHA-256 of the TorchScript file
 * @param command the command that produced the model
 */
public record ModelMetadata(
        String name,
        String architecture,
        double alpha,
        int inputSize,
        long multAdds,
        long params,
        double testAccuracy,
        String sha256,
        String command) {

    /** Reads {@code metadata.json}. */
    public static ModelMetadata parse(InputStream in) {
        JsonObject json =
                JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8))
                        .getAsJsonObject();
        return new ModelMetadata(
                json.get("name").getAsString(),
                json.get("architecture").getAsString(),
                json.get("alpha").getAsDouble(),
                json.getAsJsonObject("input").get("height").getAsInt(),
                json.get("mult_adds").getAsLong(),
                json.get("params").getAsLong(),
                json.get("test_accuracy").getAsDouble(),
                json.get("sha256").getAsString(),
                json.get("command").getAsString());
    }
}
