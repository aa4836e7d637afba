package io.whapi.mediarouter.queue;

import org.apache.camel.component.kafka.consumer.KafkaManualCommit;
import org.springframework.stereotype.Component;

/**
 * Commits a jobs record's offset once its message is stored or dead-lettered (media-router-kafka),
 * synchronously: a replica killed after it has committed nothing it has not done.
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
