package io.whapi.mediarouter.queue;

import org.apache.camel.component.kafka.consumer.KafkaManualCommit;
import org.springframework.stereotype.Component;

/**
 * Commits a record's offset once its work is done: a jobs record once its message is stored or
 * dead-lettered (media-router-kafka, asynchronously there: the consumer sends the commit with its
 * next poll), a broker intake's record once its messages are queued. A replica killed after it
 * has committed nothing it has not done.
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
