package io.whapi.mediarouter.erasure;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.whapi.mediarouter.MediaVariables;
import io.whapi.mediarouter.deadletter.DeadLetterStore;
import io.whapi.mediarouter.deadletter.DeadLetters;
import io.whapi.mediarouter.events.CloudEvents;
import io.whapi.mediarouter.events.EventPublisher;
import io.whapi.mediarouter.index.MediaIndex;
import io.whapi.mediarouter.index.StoredMedia;
import io.whapi.mediarouter.pipeline.DaemonThreads;
import io.whapi.mediarouter.pipeline.Failures;
import io.whapi.mediarouter.provenance.Provenance;
import io.whapi.mediarouter.sinks.SinkRoutes;
import io.whapi.mediarouter.state.LeasedRecords;
import io.whapi.mediarouter.state.LedgerConfiguration.Ledger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;

/**
 * Erasures on request (the operations API): the media of a chat, a sender or some messages,
 * found in the {@link MediaIndex}, deleted from every sink that has them through each sink kind's
 * delete template ({@code direct:sink-delete-<name>}); the connector's own records of them
 * purged; a tombstone left so that they never come back; a receipt signed once every item is
 * deleted or absent. Items a sink could not delete (it is down) are tried again with backoff,
 * also after a restart; with the JDBC store, a replica that dies leaves its erasures to another.
 */
public class Erasures implements ApplicationListener<ApplicationReadyEvent>, DisposableBean {

    private static final Logger LOG = LoggerFactory.getLogger(Erasures.class);
    static final Duration FIRST_RETRY = Duration.ofSeconds(5);
    static final Duration LONGEST_RETRY = Duration.ofMinutes(10);

    /** What an erasure asks for: exactly one of chatId, from, messageIds; channelId narrows it. */
    public record Request(String chatId, String from, List<String> messageIds, String channelId) {

        /** Why the request cannot be taken, or null when it can. */
        public String problem() {
            int given = (present(chatId) ? 1 : 0) + (present(from) ? 1 : 0) + (messageIds != null ? 1 : 0);
            if (given != 1) {
                return "give exactly one of chatId, from (a sender) or messageIds";
            }
            if (messageIds != null
                    && (messageIds.isEmpty() || messageIds.stream().anyMatch(id -> !present(id)))) {
                return "messageIds is a non-empty list of message ids";
            }
            if (messageIds != null && !present(channelId)) {
                return "messageIds needs the channelId they belong to";
            }
            if (channelId != null && !present(channelId)) {
                return "channelId is blank";
            }
            return null;
        }

        private static boolean present(String value) {
            return value != null && !value.isBlank();
        }
    }

    private final String owner = UUID.randomUUID().toString();
    private final LeasedRecords<Erasure> store;
    private final MediaIndex index;
    private final Tombstones tombstones;
    private final Receipts receipts;
    private final SinkRoutes sinkRoutes;
    private final ProducerTemplate producer;
    private final Ledger ledger;
    private final Provenance provenance;
    private final DeadLetterStore deadLetters;
    private final EventPublisher events;
    private final CloudEvents cloudEvents;
    private final Failures failures;
    private final Clock clock;
    private final Map<String, Boolean> inWork = new ConcurrentHashMap<>();
    private final ScheduledExecutorService worker =
            Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("erasure"));

    Erasures(
            LeasedRecords<Erasure> store,
            MediaIndex index,
            Tombstones tombstones,
            Receipts receipts,
            SinkRoutes sinkRoutes,
            ProducerTemplate producer,
            Ledger ledger,
            Provenance provenance,
            DeadLetterStore deadLetters,
            EventPublisher events,
            CloudEvents cloudEvents,
            Failures failures,
            Clock clock) {
        this.store = store;
        this.index = index;
        this.tombstones = tombstones;
        this.receipts = receipts;
        this.sinkRoutes = sinkRoutes;
        this.producer = producer;
        this.ledger = ledger;
        this.provenance = provenance;
        this.deadLetters = deadLetters;
        this.events = events;
        this.cloudEvents = cloudEvents;
        this.failures = failures;
        this.clock = clock;
    }

    /** Whether erasures can be made: media.erasure.receipt-secret is set. */
    public boolean ready() {
        return receipts.ready();
    }

    /**
     * Starts an erasure: finds the media, buries each message (from now on none of them is
     * stored again), saves the erasure and sets to work on it. The request must be valid
     * ({@link Request#problem}) and {@link #ready}.
     */
    public Erasure start(Request request, String user) {
        List<StoredMedia> found = find(request);
        Set<String> messages = new LinkedHashSet<>();
        List<ErasureItem> items = new ArrayList<>();
        for (StoredMedia media : found) {
            messages.add(media.channelId() + "\n" + media.messageId());
            items.add(new ErasureItem(
                    media.sink(), media.key(), ErasureItem.PENDING, null, media.channelId(), media.messageId()));
        }
        if (request.messageIds() != null) {
            // asked by id: buried even when nothing of them is stored (yet: one in the queue now)
            request.messageIds().forEach(id -> messages.add(request.channelId() + "\n" + id));
        }
        for (String message : messages) {
            String[] ids = message.split("\n", 2);
            tombstones.bury(ids[0], ids[1]);
        }
        Instant now = clock.instant();
        Erasure erasure = new Erasure(
                UUID.randomUUID().toString().substring(0, 8),
                Erasure.RUNNING,
                asked(request),
                now,
                user,
                List.copyOf(messages),
                items,
                0,
                now,
                null,
                null);
        store.save(erasure);
        LOG.info(
                "Erasure {} started by {}: {} media in {} messages to delete",
                erasure.id(),
                user,
                items.size(),
                messages.size());
        submit(erasure.id(), Duration.ZERO);
        return erasure;
    }

    /** Newest first. */
    public List<Erasure> all() {
        return store.all().stream()
                .sorted(Comparator.comparing(Erasure::requestedAt).reversed())
                .toList();
    }

    public Optional<Erasure> get(String id) {
        return store.get(id);
    }

    private List<StoredMedia> find(Request request) {
        if (request.chatId() != null) {
            return index.ofChat(request.channelId(), request.chatId());
        }
        if (request.from() != null) {
            return index.ofSender(request.channelId(), request.from());
        }
        List<StoredMedia> found = new ArrayList<>();
        request.messageIds().forEach(id -> found.addAll(index.ofMessage(request.channelId(), id)));
        return found;
    }

    /** The request as the erasure keeps it: each identifier a keyed hash. */
    private Map<String, Object> asked(Request request) {
        Map<String, Object> asked = new LinkedHashMap<>();
        if (request.chatId() != null) {
            asked.put("chatId", receipts.hash(request.chatId()));
        }
        if (request.from() != null) {
            asked.put("from", receipts.hash(request.from()));
        }
        if (request.messageIds() != null) {
            asked.put(
                    "messageIds",
                    request.messageIds().stream().map(receipts::hash).toList());
        }
        if (request.channelId() != null) {
            asked.put("channelId", receipts.hash(request.channelId()));
        }
        return asked;
    }

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        // erasures a restart interrupted, and every minute those of a replica that died
        worker.scheduleWithFixedDelay(this::resumeUnfinished, 0, 60, TimeUnit.SECONDS);
    }

    private void resumeUnfinished() {
        try {
            for (Erasure erasure : store.all()) {
                if (!Erasure.DONE.equals(erasure.state())) {
                    Instant next = erasure.nextRound() == null ? clock.instant() : erasure.nextRound();
                    submit(erasure.id(), Duration.between(clock.instant(), next));
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("Could not look for erasures to take up: {}", e.getMessage());
        }
    }

    private void submit(String id, Duration delay) {
        if (inWork.putIfAbsent(id, Boolean.TRUE) == null) {
            long millis = Math.max(0, delay.toMillis());
            worker.schedule(
                    () -> {
                        Duration next = null;
                        try {
                            next = round(id);
                        } catch (RuntimeException e) {
                            LOG.warn("Erasure {} could not go on: {}; it is tried again", id, failures.reason(e));
                        } finally {
                            inWork.remove(id);
                        }
                        if (next != null) {
                            submit(id, next);
                        }
                    },
                    millis,
                    TimeUnit.MILLISECONDS);
        }
    }

    /**
     * One round over the items not deleted or absent yet; done when none is left. Returns when to
     * go round again, or null when there is nothing more for this replica to do.
     */
    private Duration round(String id) {
        Erasure erasure = store.get(id).orElse(null);
        if (erasure == null || Erasure.DONE.equals(erasure.state())) {
            return null;
        }
        if (!store.claim(id, owner, clock.millis() + LeasedRecords.LEASE_MILLIS)) {
            return null; // another replica works on it
        }
        List<ErasureItem> items = new ArrayList<>();
        for (ErasureItem item : erasure.items()) {
            items.add(item.settled() ? item : delete(item));
        }
        if (items.stream().allMatch(ErasureItem::settled)) {
            finish(erasure, items);
            return null;
        }
        int attempts = erasure.attempts() + 1;
        Duration wait = backoff(attempts);
        store.save(new Erasure(
                erasure.id(),
                Erasure.FAILED,
                erasure.asked(),
                erasure.requestedAt(),
                erasure.requestedBy(),
                erasure.buried(),
                items,
                attempts,
                clock.instant().plus(wait),
                null,
                null));
        long failed = items.stream()
                .filter(i -> ErasureItem.FAILED.equals(i.result()))
                .count();
        LOG.warn(
                "Erasure {}: {} of {} items could not be deleted yet; tried again in {} s",
                id,
                failed,
                items.size(),
                wait.toSeconds());
        return wait;
    }

    static Duration backoff(int attempts) {
        long seconds = FIRST_RETRY.toSeconds() << Math.min(attempts - 1, 16);
        return seconds > LONGEST_RETRY.toSeconds() ? LONGEST_RETRY : Duration.ofSeconds(seconds);
    }

    private ErasureItem delete(ErasureItem item) {
        String endpoint = sinkRoutes.deleteEndpoint(item.sink());
        if (endpoint == null) {
            return item.withResult(
                    ErasureItem.FAILED,
                    "sink " + item.sink() + " is not configured, or its kind has no delete template");
        }
        Exchange done = producer.send(endpoint, exchange -> exchange.setVariable(MediaVariables.MEDIA_KEY, item.key()));
        if (done.getException() != null) {
            return item.withResult(ErasureItem.FAILED, failures.reason(done.getException()));
        }
        boolean deleted = Boolean.TRUE.equals(done.getVariable("deleted", Boolean.class));
        return item.withResult(deleted ? ErasureItem.DELETED : ErasureItem.ABSENT, null);
    }

    /**
     * Every item is deleted or absent: what the connector holds of each message goes (index
     * entries, ledger keys, provenance, dead letters), the event sinks hear of each erased media,
     * and the receipt is signed. The erasure then keeps no message id of its own.
     */
    private void finish(Erasure erasure, List<ErasureItem> items) {
        Map<String, List<ErasureItem>> byMessage = new LinkedHashMap<>();
        for (ErasureItem item : items) {
            if (item.channelId() != null) {
                byMessage
                        .computeIfAbsent(item.channelId() + "\n" + item.messageId(), m -> new ArrayList<>())
                        .add(item);
            }
        }
        // a message asked by id may have nothing stored (yet): its records go all the same
        for (String message : erasure.buried() == null ? List.<String>of() : erasure.buried()) {
            if (!byMessage.containsKey(message)) {
                String[] ids = message.split("\n", 2);
                forget(ids[0], ids[1], List.of());
            }
        }
        for (List<ErasureItem> ofMessage : byMessage.values()) {
            ErasureItem first = ofMessage.get(0);
            String channelId = first.channelId();
            String messageId = first.messageId();
            index.removed(ofMessage.stream()
                    .map(i -> new StoredMedia(channelId, messageId, "", "", "", i.sink(), i.key(), Instant.EPOCH))
                    .toList());
            forget(
                    channelId,
                    messageId,
                    ofMessage.stream().map(ErasureItem::sink).toList());
            List<String> deletedFrom = ofMessage.stream()
                    .filter(i -> ErasureItem.DELETED.equals(i.result()))
                    .map(ErasureItem::sink)
                    .toList();
            if (!deletedFrom.isEmpty()) {
                try {
                    events.record(cloudEvents.erased(channelId, messageId, first.key(), deletedFrom));
                } catch (JsonProcessingException e) {
                    throw new IllegalStateException("an event is plain values", e);
                }
            }
        }
        Instant completed = clock.instant();
        Map<String, Map<String, Integer>> perSink = new LinkedHashMap<>();
        for (ErasureItem item : items) {
            Map<String, Integer> counts = perSink.computeIfAbsent(item.sink(), s -> new LinkedHashMap<>());
            counts.putIfAbsent(ErasureItem.DELETED, 0);
            counts.putIfAbsent(ErasureItem.ABSENT, 0);
            counts.merge(item.result(), 1, Integer::sum);
        }
        Map<String, Object> receipt = new LinkedHashMap<>();
        receipt.put("erasure", erasure.id());
        receipt.put("requestedAt", erasure.requestedAt().toString());
        receipt.put("completedAt", completed.toString());
        receipt.put("asked", erasure.asked());
        receipt.put("media", byMessage.size());
        receipt.put("sinks", perSink);
        receipt.put("algorithm", "HMAC-SHA256");
        store.save(new Erasure(
                erasure.id(),
                Erasure.DONE,
                erasure.asked(),
                erasure.requestedAt(),
                erasure.requestedBy(),
                List.of(),
                items.stream().map(ErasureItem::forgotten).toList(),
                erasure.attempts(),
                null,
                completed,
                receipts.sign(receipt)));
        LOG.info("Erasure {} done: {} media in {} sinks", erasure.id(), byMessage.size(), perSink.keySet());
    }

    /**
     * The connector's own records of the message go: ledger keys (of every sink configured now
     * and every sink that had it), provenance, its dead letter.
     */
    private void forget(String channelId, String messageId, List<String> sinksThatHadIt) {
        Set<String> sinks = new LinkedHashSet<>(sinkRoutes.sinkUris().keySet());
        sinks.addAll(sinksThatHadIt);
        ledger.forgetAll(channelId, messageId, sinks, events.sinkNames());
        provenance.purge(channelId, messageId);
        deadLetters.remove(DeadLetters.id(channelId, messageId));
    }

    @Override
    public void destroy() {
        worker.shutdownNow();
    }
}
