package io.whapi.mediarouter.fetch;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/**
 * The one place downloads are counted: {@code whapi.downloads} by source and outcome,
 * {@code whapi.download.bytes} and the {@code whapi.download} timer. Counted in Java: a
 * micrometer: step per counter in the routes cost the router ~12% of its CPU.
 */
@Component
public class DownloadMetrics {

    private final MeterRegistry meters;

    public DownloadMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    /** A download read to the end and verified, in this many nanoseconds. */
    void succeeded(StagedMedia staged, long nanos) {
        meters.counter("whapi.downloads", "source", staged.source(), "outcome", "success")
                .increment();
        meters.counter("whapi.download.bytes", "source", staged.source()).increment(staged.size());
        meters.timer("whapi.download", "source", staged.source()).record(nanos, TimeUnit.NANOSECONDS);
    }

    /** A download from {@code link} or {@code gateway} that failed in any way. */
    public void failed(String source) {
        meters.counter("whapi.downloads", "source", source, "outcome", "failure")
                .increment();
    }
}
