package io.frameflow.job.backfill;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.frameflow.event.DeadLetter;
import io.frameflow.event.LabelProbability;
import io.frameflow.event.Prediction;
import io.frameflow.operators.deadletter.SourceAttributes;
import java.nio.ByteBuffer;
import java.util.Base64;

/** The JSON Lines form of the backfill's outputs: one object per prediction or dead letter. */
final class JsonLines {

    private static final Gson GSON = new Gson();

    private JsonLines() {}

    static String prediction(Prediction p) {
        JsonObject json = new JsonObject();
        json.addProperty(
                "path", p.getAttributes().getOrDefault(SourceAttributes.PATH, p.getEventId()));
        json.addProperty("eventId", p.getEventId());
        json.addProperty("source", p.getSourceId());
        json.addProperty("label", p.getTopK().get(0).getLabel());
        json.addProperty("probability", p.getTopK().get(0).getProbability());
        if (p.getGroundTruth() != null) {
            json.addProperty("groundTruth", p.getGroundTruth());
        }
        JsonArray topK = new JsonArray();
        for (LabelProbability lp : p.getTopK()) {
            JsonObject entry = new JsonObject();
            entry.addProperty("label", lp.getLabel());
            entry.addProperty("probability", lp.getProbability());
            topK.add(entry);
        }
        json.add("topK", topK);
        json.addProperty("modelId", p.getModelId());
        json.addProperty("modelVersion", p.getModelVersion());
        JsonObject timings = new JsonObject();
        timings.addProperty("decodeMicros", p.getTimings().getDecodeMicros());
        timings.addProperty("queueWaitMicros", p.getTimings().getQueueWaitMicros());
        timings.addProperty("inferenceMicros", p.getTimings().getInferenceMicros());
        timings.addProperty("batchSize", p.getTimings().getBatchSize());
        timings.addProperty("endToEndMillis", p.getTimings().getEndToEndMillis());
        json.add("timings", timings);
        json.addProperty("eventTime", p.getEventTime());
        json.addProperty("emitTime", p.getEmitTime());
        return GSON.toJson(json);
    }

    static String deadLetter(DeadLetter d) {
        JsonObject json = new JsonObject();
        String path = d.getCoordinates().getPath();
        json.addProperty("path", path != null ? path : d.getEventId());
        json.addProperty("eventId", d.getEventId());
        json.addProperty("source", d.getSourceId());
        json.addProperty("stage", d.getStage().name());
        json.addProperty("errorClass", d.getErrorClass());
        json.addProperty("errorMessage", d.getErrorMessage());
        json.addProperty("topic", d.getCoordinates().getTopic());
        json.addProperty("partition", d.getCoordinates().getPartition());
        json.addProperty("offset", d.getCoordinates().getOffset());
        ByteBuffer payload = d.getPayload();
        if (payload != null) {
            byte[] bytes = new byte[payload.remaining()];
            payload.duplicate().get(bytes);
            json.addProperty("payloadBase64", Base64.getEncoder().encodeToString(bytes));
        }
        json.addProperty("time", d.getTime());
        return GSON.toJson(json);
    }
}
