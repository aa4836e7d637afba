package io.whapi.mediarouter.queue;

import org.apache.camel.component.kafka.consumer.KafkaManualCommit;
import org.springframework.stereotype.Component;

/**
 * Commits a record's offset once its work is done: a jobs record once its message is stored or
 * dead-lettered (media-router-kafka), a broker intake's record once its messages are queued;
 * synchronously: a replica killed after it has committed nothing it has not done. (Camel's
 * asynchronous commits were tried: one that fails while the group's coordinator moves, after a
 * broker restart, is logged and never sent again, so the partition shows lag until its next
 * record.)
 */
@Component
public class KafkaCommits {

    public void commit(KafkaManualCommit commit) {
        if (commit == null) {
            throw new IllegalStateException("no KafkaManualCommit on the record: allowManualCommit is off");
        }
        commit.commit();
    }
}
