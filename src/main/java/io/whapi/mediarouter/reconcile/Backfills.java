package io.whapi.mediarouter.reconcile;

import io.whapi.mediarouter.gateway.MessageHistory;
import io.whapi.mediarouter.pipeline.DaemonThreads;
import io.whapi.mediarouter.state.LeasedRecords;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;

/**
 * Backfills on demand: the media of a channel between two instants, from Whapi's message list,
 * page by page at the gateway's pace (media.reconcile.max-requests-per-second), each page taken
 * in like a webhook (what the ledger knows is not queued again) and then checkpointed. Started
 * by the operations API; running ones are taken up again after a restart, and every minute those
 * whose replica's lease ran out (it died).
 */
public class Backfills implements ApplicationListener<ApplicationReadyEvent>, DisposableBean {

    private static final Logger LOG = LoggerFactory.getLogger(Backfills.class);

    private final String owner = UUID.randomUUID().toString();
    private final LeasedRecords<Backfill> store;
    private final MessageHistory history;
    private final HistoryIntake intake;
    private final Map<String, Boolean> inWork = new ConcurrentHashMap<>();
    private final ExecutorService workers = Executors.newSingleThreadExecutor(DaemonThreads.named("backfill"));
    private final ScheduledExecutorService rescan =
            Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("backfill-rescan"));

    public Backfills(LeasedRecords<Backfill> store, MessageHistory history, HistoryIntake intake) {
        this.store = store;
        this.history = history;
        this.intake = intake;
    }

    public Backfill start(String channelId, Instant from, Instant to, String user) {
        Instant now = Instant.now();
        Backfill backfill = new Backfill(
                UUID.randomUUID().toString().substring(0, 8),
                channelId,
                from,
                to,
                Backfill.RUNNING,
                0,
                0,
                0,
                0,
                0,
                0,
                null,
                now,
                now,
                user);
        store.save(backfill);
        LOG.info("Backfill {} of channel {} from {} to {} started by {}", backfill.id(), channelId, from, to, user);
        submit(backfill.id());
        return backfill;
    }

    /** Newest first. */
    public List<Backfill> all() {
        return store.all().stream()
                .sorted(Comparator.comparing(Backfill::startedAt).reversed())
                .toList();
    }

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        resumeRunning();
        rescan.scheduleWithFixedDelay(this::resumeRunning, 60, 60, TimeUnit.SECONDS);
    }

    private void resumeRunning() {
        try {
            store.all().stream().filter(b -> Backfill.RUNNING.equals(b.state())).forEach(b -> submit(b.id()));
        } catch (RuntimeException e) {
            LOG.warn("Could not look for backfills to take up: {}", e.getMessage());
        }
    }

    private void submit(String id) {
        if (inWork.putIfAbsent(id, Boolean.TRUE) == null) {
            workers.submit(() -> {
                try {
                    work(id);
                } finally {
                    inWork.remove(id);
                }
            });
        }
    }

    private void work(String id) {
        Backfill backfill = store.get(id).orElse(null);
        while (backfill != null && Backfill.RUNNING.equals(backfill.state())) {
            if (!store.claim(id, owner, System.currentTimeMillis() + LeasedRecords.LEASE_MILLIS)) {
                return; // another replica works on it
            }
            MessageHistory.Page page;
            try {
                page = history.page(
                        backfill.channelId(),
                        backfill.from().getEpochSecond(),
                        backfill.to().getEpochSecond(),
                        backfill.offset());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return; // stopping: the checkpoint stays, a restart goes on from it
            } catch (RuntimeException e) {
                fail(backfill, 0, e);
                return;
            }
            if (page.messages().isEmpty()) {
                finish(backfill);
                return;
            }
            try {
                backfill = backfill.afterPage(
                        page.messages().size(), intake.takeIn(backfill.channelId(), page.messages(), "backfill"));
            } catch (RuntimeException e) {
                fail(backfill, page.messages().size(), e);
                return;
            }
            store.save(backfill);
            if (backfill.offset() >= page.total()) {
                finish(backfill);
                return;
            }
        }
    }

    private void finish(Backfill backfill) {
        store.save(backfill.ended(Backfill.DONE, 0, null));
        LOG.info(
                "Backfill {} of channel {} done: {} pages, {} media found, {} queued, {} already known",
                backfill.id(),
                backfill.channelId(),
                backfill.pagesRead(),
                backfill.mediaFound(),
                backfill.queued(),
                backfill.alreadyKnown());
    }

    private void fail(Backfill backfill, int failedMedia, RuntimeException e) {
        store.save(backfill.ended(Backfill.FAILED, failedMedia, e.getMessage()));
        LOG.error("Backfill {} of channel {} failed: {}", backfill.id(), backfill.channelId(), e.getMessage());
    }

    @Override
    public void destroy() {
        rescan.shutdownNow();
        workers.shutdownNow();
    }
}
