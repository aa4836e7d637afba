package io.whapi.mediarouter.gateway;

import java.time.Duration;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.springframework.stereotype.Component;

/**
 * Runs when a fetch fails, before the retry is scheduled: a 429 (or 503) with a Retry-After of
 * some seconds sets the next delay to what the server asked for; any other failure leaves the
 * backoff to the redelivery policy. Camel's error handler reads the delay from CamelRedeliveryDelay.
 */
@Component
public class RetryAfter implements Processor {

    /** A server asking for longer than this is not waited for beyond it. */
    private static final long MAX_MILLIS = Duration.ofHours(1).toMillis();

    @Override
    public void process(Exchange exchange) {
        exchange.getIn().removeHeader(Exchange.REDELIVERY_DELAY);
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        while (failure != null && !(failure instanceof HttpOperationFailedException)) {
            failure = failure.getCause();
        }
        if (failure instanceof HttpOperationFailedException http
                && (http.getStatusCode() == 429 || http.getStatusCode() == 503)) {
            Long seconds = seconds(http.getResponseHeaders());
            if (seconds != null) {
                exchange.getIn().setHeader(Exchange.REDELIVERY_DELAY, Math.min(seconds * 1000, MAX_MILLIS));
            }
        }
    }

    private static Long seconds(Map<String, String> headers) {
        if (headers == null) {
            return null;
        }
        return headers.entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase("Retry-After"))
                .map(e -> e.getValue().trim())
                .filter(v -> v.matches("\\d{1,9}"))
                .map(Long::valueOf)
                .findFirst()
                .orElse(null);
    }
}
