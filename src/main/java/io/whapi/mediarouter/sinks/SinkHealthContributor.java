package io.whapi.mediarouter.sinks;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.util.URISupport;
import org.springframework.boot.actuate.health.CompositeHealthContributor;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthContributor;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.NamedContributor;
import org.springframework.stereotype.Component;

/**
 * "sinks": one entry per sink, checked by its kind's probe route ({@code sink-<kind>-health} in
 * the kind's template file: a file or FTP sink takes a small probe file, an S3 bucket answers
 * HEAD); UNKNOWN for a kind without one. Shown in {@code /actuator/health} only, in neither
 * probe. The reason of a failure is the exception's type and message, URIs in it masked.
 */
@Component("sinks")
public class SinkHealthContributor implements CompositeHealthContributor {

    private final CompositeHealthContributor sinks;
    private final ProducerTemplate producer;

    public SinkHealthContributor(SinkProperties media, SinkRoutes sinkRoutes, ProducerTemplate producer) {
        this.producer = producer;
        Map<String, HealthIndicator> checks = new LinkedHashMap<>();
        media.getSinks().keySet().forEach(name -> checks.put(name, () -> check(sinkRoutes.healthEndpoint(name))));
        sinks = CompositeHealthContributor.fromMap(checks);
    }

    private Health check(String probe) {
        if (probe == null) {
            return Health.unknown().build();
        }
        Exception failure = producer.request(probe, exchange -> {}).getException();
        if (failure == null) {
            return Health.up().build();
        }
        return Health.down()
                .withDetail(
                        "reason",
                        failure.getClass().getSimpleName() + ": "
                                + URISupport.sanitizeUri(String.valueOf(failure.getMessage())))
                .build();
    }

    @Override
    public HealthContributor getContributor(String name) {
        return sinks.getContributor(name);
    }

    @Override
    public Iterator<NamedContributor<HealthContributor>> iterator() {
        return sinks.iterator();
    }
}
