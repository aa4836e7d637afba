package io.whapi.mediarouter.gateway;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.springframework.stereotype.Component;

/**
 * A server's Retry-After, read in one place for every call to the gateway: as a processor, it
 * runs when a fetch fails, before the retry is scheduled (a 429 or 503 with a Retry-After sets
 * the next delay to what the server asked for; any other failure leaves the backoff to the
 * redelivery policy; Camel's error handler reads the delay from CamelRedeliveryDelay), and
 * {@link #parse} is what the gateway client's own retries read.
 */
@Component
public class RetryAfter implements Processor {

    /** A server asking for longer than this is not waited for beyond it. */
    static final Duration LONGEST = Duration.ofHours(1);

    @Override
    public void process(Exchange exchange) {
        exchange.getIn().removeHeader(Exchange.REDELIVERY_DELAY);
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        while (failure != null && !(failure instanceof HttpOperationFailedException)) {
            failure = failure.getCause();
        }
        if (failure instanceof HttpOperationFailedException http
                && (http.getStatusCode() == 429 || http.getStatusCode() == 503)) {
            header(http.getResponseHeaders())
                    .flatMap(RetryAfter::parse)
                    .ifPresent(delay -> exchange.getIn().setHeader(Exchange.REDELIVERY_DELAY, delay.toMillis()));
        }
    }

    private static Optional<String> header(Map<String, String> headers) {
        if (headers == null) {
            return Optional.empty();
        }
        return headers.entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase("Retry-After"))
                .map(Map.Entry::getValue)
                .findFirst();
    }

    /**
     * What a Retry-After value asks for: delta-seconds ("120") or an HTTP date, at most an hour,
     * never negative; empty when it is neither.
     */
    public static Optional<Duration> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String trimmed = value.trim();
        Duration delay;
        if (trimmed.matches("\\d{1,9}")) {
            delay = Duration.ofSeconds(Long.parseLong(trimmed));
        } else {
            try {
                Instant at = ZonedDateTime.parse(trimmed, DateTimeFormatter.RFC_1123_DATE_TIME)
                        .toInstant();
                delay = Duration.between(Instant.now(), at);
            } catch (DateTimeParseException e) {
                return Optional.empty();
            }
        }
        if (delay.isNegative()) {
            return Optional.of(Duration.ZERO);
        }
        return Optional.of(delay.compareTo(LONGEST) > 0 ? LONGEST : delay);
    }
}
