package io.whapi.mediarouter.intake;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.whapi.mediarouter.config.WhapiProperties;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Counts webhooks by the answer they got: {@code whapi.webhooks.received}, then
 * {@code whapi.webhooks.accepted} or {@code whapi.webhooks.rejected} with a reason. Counted at the
 * servlet, around everything else, because some refusals never reach the intake route: 413 from
 * {@code BodySizeLimit}, 415 and 405 from platform-http itself.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 100)
public class WebhookMetrics extends OncePerRequestFilter {

    private final String path;
    private final MeterRegistry registry;
    private final Counter received;
    private final Counter accepted;

    public WebhookMetrics(WhapiProperties whapi, MeterRegistry registry) {
        this.path = whapi.getWebhook().getPath();
        this.registry = registry;
        this.received = Counter.builder("whapi.webhooks.received")
                .description("Webhook requests")
                .register(registry);
        this.accepted = Counter.builder("whapi.webhooks.accepted")
                .description("Webhooks answered 200")
                .register(registry);
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !path.equals(request.getRequestURI());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        received.increment();
        try {
            chain.doFilter(request, response);
        } finally {
            // the intake answers on this thread (ServletThreadPlatformHttp): the status is final
            count(response.getStatus());
        }
    }

    private void count(int status) {
        if (status == 200) {
            accepted.increment();
        } else {
            Counter.builder("whapi.webhooks.rejected")
                    .description("Webhooks refused, by reason")
                    .tag("reason", reason(status))
                    .register(registry)
                    .increment();
        }
    }

    static String reason(int status) {
        return switch (status) {
            case 400 -> "malformed";
            case 401 -> "unauthorized";
            case 405 -> "method_not_allowed";
            case 413 -> "too_large";
            case 415 -> "unsupported_media_type";
            case 503 -> "queue_unavailable";
            default -> "http_" + status;
        };
    }
}
