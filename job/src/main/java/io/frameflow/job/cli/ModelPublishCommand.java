package io.frameflow.job.cli;

import static io.frameflow.job.config.FrameflowOptions.MODEL_CONTROL_TOPIC;

import io.frameflow.event.ModelDescriptor;
import io.frameflow.event.ModelRole;
import io.frameflow.job.config.CliFlag;
import io.frameflow.job.config.CliFlags;
import io.frameflow.job.config.FrameflowConfig;
import io.frameflow.job.config.InvalidConfigException;
import io.frameflow.job.model.ModelControlClient;
import io.frameflow.job.stream.StreamPipeline;
import io.frameflow.operators.control.ModelDescriptors;
import io.frameflow.zoo.model.ModelLoader;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.flink.configuration.Configuration;
import org.apache.kafka.clients.producer.RecordMetadata;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code model publish}: one model descriptor to a stream job's control topic. */
@Command(
        name = "publish",
        mixinStandardHelpOptions = true,
        description =
                "Publish a model descriptor to the control topic. Every classify subtask loads the"
                        + " model in the background, checks it and swaps it in between two batches;"
                        + " a model that fails a check is refused and the job keeps its models."
                        + " Promote a canary or roll back by publishing a model as active.")
final class ModelPublishCommand extends ConfiguredCommand implements Callable<Integer> {

    @Option(
            names = "--location",
            required = true,
            description =
                    "Where the model is, as the TaskManagers see it: a TorchScript file or DJL"
                            + " model folder, 'bundled', or a file:, http(s): or Flink FileSystem"
                            + " URI (s3://, hdfs://...).")
    String location;

    @Option(
            names = "--sha256",
            required = true,
            description = "SHA-256 of the TorchScript file; the job refuses a file that differs.")
    String sha256;

    @Option(
            names = "--role",
            required = true,
            description =
                    "active (promote, roll back, swap), canary (with --percent), shadow (its"
                            + " predictions go to <output-topic>-shadow only) or retired (ends a"
                            + " canary or shadow).")
    ModelRole role;

    @Option(
            names = "--percent",
            description = "The canary's share of cameras, (0, 100]; with --role canary.")
    Double percent;

    @Option(
            names = "--model-id",
            description = "The model's name in predictions; default: the file or folder name.")
    String modelId;

    @Option(
            names = "--by",
            defaultValue = "${sys:user.name}",
            description = "Who publishes it. Default: ${DEFAULT-VALUE}.")
    String by;

    @Override
    List<CliFlag> flags() {
        return CliFlags.MODEL_PUBLISH;
    }

    @Override
    public Integer call() throws Exception {
        FrameflowConfig config = FrameflowConfig.of(configuration(new Configuration()));
        String topic = config.get(MODEL_CONTROL_TOPIC);
        if (topic.isBlank()) {
            throw new InvalidConfigException(
                    MODEL_CONTROL_TOPIC.key() + " is empty: the job has no control topic");
        }
        ModelDescriptor descriptor =
                ModelDescriptors.create(modelId, location, sha256, role, percent, by);
        List<String> problems = ModelDescriptors.problems(descriptor);
        if (!problems.isEmpty()) {
            throw new InvalidConfigException(
                    "Not a valid model descriptor: " + String.join("; ", problems));
        }
        checkLocalFile(descriptor);
        RecordMetadata where =
                new ModelControlClient(config.kafkaProperties())
                        .publish(
                                topic,
                                StreamPipeline.codec(config, topic, ModelDescriptor.class),
                                descriptor);
        spec.commandLine()
                .getOut()
                .printf(
                        "Published %s (descriptor %s) to %s, partition %d, offset %d%n",
                        ModelDescriptors.describe(descriptor),
                        descriptor.getId(),
                        topic,
                        where.partition(),
                        where.offset());
        spec.commandLine().getOut().flush();
        return 0;
    }

    /**
     * When the model is on this machine too, a wrong SHA-256 is caught here rather than refused by
     * every subtask; a path this machine does not have may still be on the TaskManagers.
     */
    private void checkLocalFile(ModelDescriptor descriptor) {
        Optional<String> local = ModelLoader.localSha256(descriptor.getLocation());
        if (local.isPresent() && !local.get().equals(descriptor.getSha256())) {
            throw new InvalidConfigException(
                    String.format(
                            "The model at %s has SHA-256 %s, not %s; the job would refuse it",
                            descriptor.getLocation(), local.get(), descriptor.getSha256()));
        }
    }
}
