package io.frameflow.job.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class LocalKafkaBrokerITCase {

    @Test
    void transactionalRecordsSurviveARestartAndAreReadCommitted() throws Exception {
        try (LocalKafkaBroker broker = LocalKafkaBroker.start()) {
            Properties producerProps = new Properties();
            producerProps.put("bootstrap.servers", broker.bootstrapServers());
            producerProps.put("transactional.id", "tx-test");
            try (var producer =
                    new KafkaProducer<>(
                            producerProps, new StringSerializer(), new StringSerializer())) {
                producer.initTransactions();
                producer.beginTransaction();
                producer.send(new ProducerRecord<>("t", "k", "committed"));
                producer.commitTransaction();
                producer.beginTransaction();
                producer.send(new ProducerRecord<>("t", "k", "aborted"));
                producer.flush();
                producer.abortTransaction();
            }

            broker.stop();
            broker.restart();

            assertThat(readCommitted(broker, "t")).containsExactly("committed");
        }
    }

    private static List<String> readCommitted(LocalKafkaBroker broker, String topic) {
        Map<String, Object> props =
                Map.of(
                        "bootstrap.servers", broker.bootstrapServers(),
                        "group.id", "reader",
                        "auto.offset.reset", "earliest",
                        "isolation.level", "read_committed");
        List<String> values = new ArrayList<>();
        try (var consumer =
                new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (values.isEmpty() && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    values.add(r.value());
                }
            }
        }
        return values;
    }
}
