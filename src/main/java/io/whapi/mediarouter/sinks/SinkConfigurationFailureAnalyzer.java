package io.whapi.mediarouter.sinks;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Reports a bad sink or routing setting as Spring Boot's short "APPLICATION FAILED TO START" text. */
class SinkConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<SinkConfigurationException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, SinkConfigurationException cause) {
        return new FailureAnalysis(cause.getMessage(), cause.getAction(), cause);
    }
}
