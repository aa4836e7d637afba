package io.whapi.mediarouter.queue;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.DurationUnit;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/** The {@code media.queue.*} settings: where acknowledged media messages wait, in files or on Kafka. */
@Validated
@ConfigurationProperties("media.queue")
public class QueueProperties {

    /**
     * Where acknowledged media messages wait for processing: file, a folder in the work dir
     * (one connector per work dir); kafka, a topic that replicas share in one consumer group
     * (needs media.ledger.store=jdbc and camel.component.kafka.brokers).
     */
    private Type type = Type.FILE;

    /**
     * How often the queue folder is looked at for queue files put there by hand (a dead letter
     * moved back) or left by an older version (a number is milliseconds). Webhooks themselves go
     * to the queue journal, whose entries are taken as soon as they are written.
     */
    @DurationUnit(ChronoUnit.MILLIS)
    private Duration pollDelay = Duration.ofMillis(200);

    /** Below this much free disk in the work dir, the intake answers 503 instead of filling it. */
    private DataSize minFreeSpace = DataSize.ofMegabytes(100);

    @Valid
    private final KafkaQueue kafka = new KafkaQueue();

    public Duration getPollDelay() {
        return pollDelay;
    }

    public void setPollDelay(Duration pollDelay) {
        this.pollDelay = pollDelay;
    }

    public DataSize getMinFreeSpace() {
        return minFreeSpace;
    }

    public void setMinFreeSpace(DataSize minFreeSpace) {
        this.minFreeSpace = minFreeSpace;
    }

    public Type getType() {
        return type;
    }

    public void setType(Type type) {
        this.type = type;
    }

    public KafkaQueue getKafka() {
        return kafka;
    }

    /** Where acknowledged media messages wait. */
    public enum Type {
        FILE,
        KAFKA
    }

    /** The media queue on Kafka (media.queue.type=kafka); brokers, TLS and SASL are camel.component.kafka.*. */
    public static class KafkaQueue {

        /** The topic of media messages to process, keyed by channel, message and media id. */
        @NotBlank
        private String topic = "whapi.media.jobs";

        /** Where a media message that cannot be stored goes, with the reason, attempts and failed sinks. */
        @NotBlank
        private String deadLetterTopic = "whapi.media.dead-letter";

        /** The consumer group every replica joins, so that each message is processed by one of them. */
        @NotBlank
        private String groupId = "whapi-media-router";

        /**
         * Consumer threads per replica, each processing one message at a time: 8, as many messages
         * in work as the file queue's media.download.concurrency. Replicas times consumers should
         * not exceed the partitions.
         */
        @Min(1)
        private int consumers = 8;

        /**
         * Partitions of the topics the connector creates when they are missing at startup. 96
         * divides evenly among 1, 2, 3 or 4 replicas of 8 consumers (and 6, 12): a consumer with
         * more partitions than the others would finish last and set the pace.
         */
        @Min(1)
        private int partitions = 96;

        /** Replication factor of the topics the connector creates; unset: the broker's default. */
        @Min(1)
        private Short replicationFactor;

        public String getTopic() {
            return topic;
        }

        public void setTopic(String topic) {
            this.topic = topic;
        }

        public String getDeadLetterTopic() {
            return deadLetterTopic;
        }

        public void setDeadLetterTopic(String deadLetterTopic) {
            this.deadLetterTopic = deadLetterTopic;
        }

        public String getGroupId() {
            return groupId;
        }

        public void setGroupId(String groupId) {
            this.groupId = groupId;
        }

        public int getConsumers() {
            return consumers;
        }

        public void setConsumers(int consumers) {
            this.consumers = consumers;
        }

        public int getPartitions() {
            return partitions;
        }

        public void setPartitions(int partitions) {
            this.partitions = partitions;
        }

        public Short getReplicationFactor() {
            return replicationFactor;
        }

        public void setReplicationFactor(Short replicationFactor) {
            this.replicationFactor = replicationFactor;
        }
    }
}
