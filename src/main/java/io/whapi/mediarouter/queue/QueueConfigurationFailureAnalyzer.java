package io.whapi.mediarouter.queue;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Reports a media queue setting that cannot work as Spring Boot's short "APPLICATION FAILED TO START" text. */
class QueueConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<QueueConfigurationException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, QueueConfigurationException cause) {
        return new FailureAnalysis(cause.getMessage(), cause.getAction(), cause);
    }
}
