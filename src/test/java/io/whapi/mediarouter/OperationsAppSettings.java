package io.whapi.mediarouter;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.test.context.TestPropertySource;

/**
 * The settings of the app that ReconciliationTest and ErasureTest share (one Spring context for
 * both, kept identical by being written once): a channel to reconcile, the operations login, an
 * erasure receipt secret, and a sink "brief" that keeps stickers 3 s, swept every 500 ms.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@TestPropertySource(
        properties = {
            "whapi.channels[0].id=ORCHID-Q7K2P",
            "media.reconcile.max-requests-per-second=50",
            "spring.security.user.name=operator",
            "spring.security.user.password=history-pw",
            "media.erasure.receipt-secret=" + ErasureTest.SECRET,
            "media.sinks.brief.uri=file:${media.work-dir}/brief",
            "media.sinks.brief.retention=3s",
            "media.retention.interval=500ms",
            "media.routing.sticker=brief"
        })
@interface OperationsAppSettings {}
