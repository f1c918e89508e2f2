package io.frameflow.job.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.frameflow.event.ModelInForce;
import io.frameflow.event.ModelStatus;
import io.frameflow.event.ModelStatusKind;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelStatusReportTest {

    private static final ModelInForce A = model("fm", "aaaaaaaaaaaa");
    private static final ModelInForce B = model("coarse", "bbbbbbbbbbbb");

    @Test
    void theLatestEventOfEverySubtaskOfTheLatestRunAndItsRefusals() {
        List<ModelStatus> statuses =
                List.of(
                        status("old-run", 0, 1, 1_000, ModelStatusKind.STARTED, A, null, null),
                        status("run", 0, 2, 2_000, ModelStatusKind.STARTED, A, null, null),
                        status("run", 1, 2, 2_001, ModelStatusKind.STARTED, A, null, null),
                        status("run", 0, 2, 3_000, ModelStatusKind.APPLIED, A, B, null),
                        status("run", 1, 2, 3_001, ModelStatusKind.APPLIED, A, B, null),
                        status("run", 1, 2, 4_000, ModelStatusKind.REFUSED, A, B, "no such file"));

        String report = ModelStatusReport.render(statuses);

        assertThat(report)
                .contains("Job 'stream' (run), 2 classify subtasks")
                .contains("0        fm@aaaaaaaaaaaa  coarse@bbbbbbbbbbbb 20%  -       APPLIED")
                .contains("1        fm@aaaaaaaaaaaa  coarse@bbbbbbbbbbbb 20%  -       REFUSED")
                .contains("subtask 1, descriptor d-1: no such file")
                .doesNotContain("old-run");
    }

    @Test
    void noEventsSaySo() {
        assertThat(ModelStatusReport.render(List.of())).contains("No model status events yet");
    }

    private static ModelInForce model(String id, String version) {
        return ModelInForce.newBuilder()
                .setModelId(id)
                .setVersion(version)
                .setLocation("/m/" + id)
                .build();
    }

    private static ModelStatus status(
            String jobId,
            int subtask,
            int parallelism,
            long time,
            ModelStatusKind kind,
            ModelInForce active,
            ModelInForce canary,
            String reason) {
        return ModelStatus.newBuilder()
                .setTime(time)
                .setJobId(jobId)
                .setJobName("stream")
                .setSubtask(subtask)
                .setParallelism(parallelism)
                .setKind(kind)
                .setDescriptorId(reason == null ? null : "d-" + subtask)
                .setReason(reason)
                .setActive(active)
                .setCanary(canary)
                .setCanaryPercent(canary == null ? null : 20.0)
                .setShadow(null)
                .setLoadMillis(kind == ModelStatusKind.APPLIED ? 800L : null)
                .setSwapMicros(kind == ModelStatusKind.APPLIED ? 1_500L : null)
                .build();
    }
}
