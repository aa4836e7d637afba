package io.whapi.mediarouter.queue;

import io.whapi.mediarouter.MediaVariables;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.Variable;
import org.apache.camel.component.kafka.consumer.DefaultKafkaManualCommit;
import org.apache.camel.component.kafka.consumer.KafkaManualCommit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Commits a record's offset once its work is done: a jobs record once its message is stored or
 * dead-lettered (media-router-kafka), a broker intake's record once its messages are queued.
 *
 * <p>Asynchronously: a synchronous commit held the record's consumer about 10 ms for the broker's
 * answer, half of our own time per record. The commit is sent before the consumer polls again;
 * a replica killed before it is acknowledged leaves its record to be taken again, which the ledger
 * makes a no-op (nothing downloaded or stored twice, events with their ids). Camel's own
 * asynchronous commits are not used: one that failed while the group's coordinator moved (a broker
 * restart) was logged and never sent again, so the partition showed lag until its next record. Here
 * a commit that fails for a retriable reason is sent again from its callback, which the consumer
 * runs at its next poll, as long as it is still the partition's newest and the partition is still
 * this consumer's: a retry never moves a committed offset back.
 */
@Component
public class KafkaCommits {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaCommits.class);

    /** Per consumer (closed ones are forgotten): the newest offset sent per partition. */
    private final Map<Consumer<?, ?>, Map<TopicPartition, Long>> newestSent =
            Collections.synchronizedMap(new WeakHashMap<>());

    public void commit(@Variable(MediaVariables.KAFKA_COMMIT) KafkaManualCommit commit) {
        if (commit == null) {
            throw new IllegalStateException("no KafkaManualCommit on the record: allowManualCommit is off");
        }
        if (!(commit instanceof DefaultKafkaManualCommit record)) {
            throw new IllegalStateException("unexpected KafkaManualCommit "
                    + commit.getClass().getName() + ": leave the endpoint's kafkaManualCommitFactory unset");
        }
        // the consumer's thread is waiting on this record's route, so this is the only call on it now
        send(record.getCamelExchangePayload().consumer, record.getPartition(), record.getRecordOffset() + 1);
    }

    private void send(Consumer<?, ?> consumer, TopicPartition partition, long next) {
        Map<TopicPartition, Long> newest = newestSent.computeIfAbsent(consumer, c -> new ConcurrentHashMap<>());
        newest.put(partition, next);
        consumer.commitAsync(Map.of(partition, new OffsetAndMetadata(next)), (offsets, failure) -> {
            if (failure == null) {
                newest.remove(partition, next);
            } else if (failure instanceof RetriableException
                    && newest.getOrDefault(partition, -1L) == next
                    && consumer.assignment().contains(partition)) {
                LOG.debug(
                        "Commit of offset {} of {} failed ({}); sending it again", next, partition, failure.toString());
                send(consumer, partition, next);
            } else if (newest.remove(partition, next)) {
                // a rebalance took the partition: its next owner takes the record again, a no-op
                LOG.info(
                        "Offset {} of {} not committed ({}); the record will be taken again and skipped as done",
                        next,
                        partition,
                        failure.getMessage());
            }
        });
    }
}
