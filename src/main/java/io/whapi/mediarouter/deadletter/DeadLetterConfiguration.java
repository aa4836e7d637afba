package io.whapi.mediarouter.deadletter;

import io.whapi.mediarouter.config.MediaProperties;
import io.whapi.mediarouter.state.StateStore;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The dead letters, in the state store: paged documents, newest first. */
@Configuration(proxyBeanMethods = false)
public class DeadLetterConfiguration {

    @Bean
    public DeadLetterStore deadLetterStore(StateStore state) {
        return state.open(workDir -> new FileDeadLetterStore(workDir.resolve("dead-letter")), JdbcDeadLetterStore::new);
    }

    /**
     * Where the file queue sets aside a broker intake's record that is no webhook (60-dead-letter):
     * {@code {work-dir}/dead-letter/webhooks/}, fsynced before the record's offset is committed.
     * Not a {@code to: file:} step, which never fsyncs in Camel 4.17; not a candidate for
     * injection, where the dead-letter store above is the one meant.
     */
    @Bean(autowireCandidate = false)
    public FileDeadLetterStore webhookDeadLetterFolder(MediaProperties media) {
        return new FileDeadLetterStore(media.getWorkDir().resolve("dead-letter").resolve("webhooks"));
    }
}
