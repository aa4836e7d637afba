package io.whapi.mediarouter.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.DurationUnit;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;
import org.springframework.validation.annotation.Validated;

/**
 * The {@code media.*} settings: where state is kept, which media are archived, how they are
 * fetched, verified and remembered, and the sinks and routing table. Every default is stated
 * here once; {@link ConfigurationDefaults} hands them to Camel's placeholders. Besides the
 * constraints on the fields, {@link MediaSettingsCheck} checks the settings as a whole (sinks,
 * routing, key template) before anything starts.
 */
@Validated
@ConfigurationProperties("media")
public class MediaProperties implements Validator {

    /** All state the connector keeps: queue, staging, ledger, dead letters, and the default file sink's media. */
    @NotNull
    private Path workDir = Path.of("./data");

    /** Write {key}.json with the message's metadata beside each binary, after it. */
    private boolean sidecar = true;

    /**
     * Where each media is stored, the same key in every sink. Variables: {channel} {chat} {type}
     * {yyyy} {MM} {dd} (UTC day of the message) {messageId} {mediaId} {ext} {fileName}; each value
     * is made a safe path segment. Must contain {messageId}; no '..', no leading '/'.
     */
    private String keyTemplate = "{channel}/{type}/{yyyy}/{MM}/{dd}/{messageId}.{ext}";

    /** Media larger than this (announced, declared by the server or read) are not stored: dead letter. */
    private DataSize maxSize = DataSize.ofGigabytes(2);

    /**
     * Sinks by name (lower-case letters and digits, so that MEDIA_SINKS_<NAME>_URI can set them):
     * a Camel endpoint URI whose scheme picks the sink's kind, a route template sink-<kind> in routes/ or
     * media.extra-routes-dir (docs/sinks-and-routing.md); and, for a kind whose component always
     * talks to the public cloud, an endpoint: the store's service URL (an emulator, Azure Stack, a
     * sovereign cloud).
     */
    @Valid
    private Map<String, Sink> sinks = new LinkedHashMap<>(Map.of("file", new Sink("file:${media.work-dir}/media")));

    /**
     * The routing table: media type (image, video, gif, short, audio, voice, document, sticker)
     * or "default" to comma-separated sink names, or "none" to skip. A type without an entry
     * takes the default.
     */
    private Map<String, String> routing = new LinkedHashMap<>(Map.of("default", "file"));

    /**
     * Event sinks by name (lower-case letters and digits, so that MEDIA_EVENTS_<NAME>_URI can set
     * them): a CloudEvent for every media stored or dead-lettered goes to each, through the outbox.
     * secret: the Standard Webhooks key of an http(s) sink; max-age (7d): how long an event the
     * sink has not taken waits before it becomes a dead letter; unhealthy-after (5m): the sink
     * shows DOWN in /actuator/health once its oldest waiting event is older. Empty: no events.
     */
    @Valid
    private Map<String, EventSink> events = new LinkedHashMap<>();

    /**
     * A folder of extra *.camel.yaml route files, loaded beside the packaged ones; a file named as a
     * packaged one replaces it (21-routing-rules.camel.yaml, the routing rules). Empty: none.
     */
    private String extraRoutesDir = "";

    @Valid
    private final Download download = new Download();

    @Valid
    private final Queue queue = new Queue();

    @Valid
    private final FetchRetry fetchRetry = new FetchRetry();

    @Valid
    private final SinkRetry sinkRetry = new SinkRetry();

    @Valid
    private final EventRetry eventRetry = new EventRetry();

    @Valid
    private final Reconcile reconcile = new Reconcile();

    @Valid
    private final Policy policy = new Policy();

    private final Verify verify = new Verify();

    private final S3 s3 = new S3();

    private final Rules rules = new Rules();

    @Override
    public boolean supports(Class<?> type) {
        return MediaProperties.class.isAssignableFrom(type);
    }

    @Override
    public void validate(Object target, Errors errors) {
        MediaSettingsCheck.problems((MediaProperties) target).forEach(problem -> errors.reject("media", problem));
    }

    public Path getWorkDir() {
        return workDir;
    }

    public void setWorkDir(Path workDir) {
        this.workDir = workDir;
    }

    public boolean isSidecar() {
        return sidecar;
    }

    public void setSidecar(boolean sidecar) {
        this.sidecar = sidecar;
    }

    public String getKeyTemplate() {
        return keyTemplate;
    }

    public void setKeyTemplate(String keyTemplate) {
        this.keyTemplate = keyTemplate;
    }

    public DataSize getMaxSize() {
        return maxSize;
    }

    public void setMaxSize(DataSize maxSize) {
        this.maxSize = maxSize;
    }

    public Map<String, Sink> getSinks() {
        return sinks;
    }

    public void setSinks(Map<String, Sink> sinks) {
        this.sinks = sinks;
    }

    public Map<String, EventSink> getEvents() {
        return events;
    }

    public void setEvents(Map<String, EventSink> events) {
        this.events = events;
    }

    public EventRetry getEventRetry() {
        return eventRetry;
    }

    public Reconcile getReconcile() {
        return reconcile;
    }

    public Map<String, String> getRouting() {
        return routing;
    }

    public void setRouting(Map<String, String> routing) {
        this.routing = routing;
    }

    public String getExtraRoutesDir() {
        return extraRoutesDir;
    }

    public void setExtraRoutesDir(String extraRoutesDir) {
        this.extraRoutesDir = extraRoutesDir;
    }

    public Download getDownload() {
        return download;
    }

    public Queue getQueue() {
        return queue;
    }

    public FetchRetry getFetchRetry() {
        return fetchRetry;
    }

    public SinkRetry getSinkRetry() {
        return sinkRetry;
    }

    public Policy getPolicy() {
        return policy;
    }

    public Verify getVerify() {
        return verify;
    }

    public S3 getS3() {
        return s3;
    }

    public Rules getRules() {
        return rules;
    }

    public static class Sink {

        /** The sink's Camel endpoint URI; keep secrets in RAW(...) and in the environment. */
        private String uri;

        /**
         * The store's service URL, for a kind whose component always talks to the public cloud:
         * an emulator, Azure Stack or a sovereign cloud (e.g. http://127.0.0.1:10000/devstoreaccount1).
         * Empty: the kind's own default.
         */
        private String endpoint = "";

        public Sink() {}

        public Sink(String uri) {
            this.uri = uri;
        }

        public String getUri() {
            return uri;
        }

        public void setUri(String uri) {
            this.uri = uri;
        }

        public String getEndpoint() {
            return endpoint;
        }

        public void setEndpoint(String endpoint) {
            this.endpoint = endpoint;
        }

        /** The URI's scheme, or "" when it has none. */
        public String scheme() {
            return EndpointUris.scheme(uri);
        }

        /** The options of the URI's query, RAW(...) values kept as written. */
        public Map<String, Object> options() throws URISyntaxException {
            return EndpointUris.options(uri);
        }
    }

    /** Where CloudEvents go: any Camel endpoint (kafka:, jms:, http:, https: ...). */
    public static class EventSink {

        /** The event sink's Camel endpoint URI, e.g. kafka:whapi.media.events; keep secrets in RAW(...). */
        private String uri;

        /**
         * For http: and https: event sinks, the Standard Webhooks signing secret (whsec_ and the
         * Base64 key): each request then carries webhook-id, webhook-timestamp and webhook-signature.
         */
        private String secret;

        /**
         * How long an event the event sink has not taken waits in the outbox, retried with backoff
         * (media.event-retry.*), before it becomes a dead letter of its own.
         */
        private Duration maxAge = Duration.ofDays(7);

        /** The event sink shows DOWN in /actuator/health once its oldest waiting event is older than this. */
        private Duration unhealthyAfter = Duration.ofMinutes(5);

        public String getUri() {
            return uri;
        }

        public Duration getMaxAge() {
            return maxAge;
        }

        public void setMaxAge(Duration maxAge) {
            this.maxAge = maxAge;
        }

        public Duration getUnhealthyAfter() {
            return unhealthyAfter;
        }

        public void setUnhealthyAfter(Duration unhealthyAfter) {
            this.unhealthyAfter = unhealthyAfter;
        }

        public void setUri(String uri) {
            this.uri = uri;
        }

        public String getSecret() {
            return secret;
        }

        public void setSecret(String secret) {
            this.secret = secret;
        }

        /** The URI's scheme, or "" when it has none. */
        public String scheme() {
            return EndpointUris.scheme(uri);
        }

        public boolean signed() {
            return secret != null && !secret.isBlank();
        }
    }

    public static class Download {

        /**
         * Media messages processed at once (downloads and uploads). Each waits on the network and
         * on fsyncs more than it computes, so more than the cores.
         */
        @Min(1)
        private int concurrency = 8;

        /**
         * Hosts links may be fetched from (comma-separated, *. wildcards); an internal address only
         * when named exactly. Other links fall back to Get Media.
         */
        private List<String> allowedLinkHosts = List.of("*.wasabisys.com");

        /**
         * The webhook intake comes first: while it takes longer than this on average to answer,
         * fewer media messages are processed at once (down to one), and more again once it is
         * quick. The gateway times out and retries slow answers. 0 keeps all of concurrency in
         * work whatever the intake's answer times. File queue only: with the Kafka queue the
         * intake waits for the broker's and the database's acknowledgements, which fewer
         * downloads would not shorten.
         */
        private Duration intakeTargetLatency = Duration.ofMillis(20);

        public Duration getIntakeTargetLatency() {
            return intakeTargetLatency;
        }

        public void setIntakeTargetLatency(Duration intakeTargetLatency) {
            this.intakeTargetLatency = intakeTargetLatency;
        }

        public int getConcurrency() {
            return concurrency;
        }

        public void setConcurrency(int concurrency) {
            this.concurrency = concurrency;
        }

        public List<String> getAllowedLinkHosts() {
            return allowedLinkHosts;
        }

        public void setAllowedLinkHosts(List<String> allowedLinkHosts) {
            this.allowedLinkHosts = allowedLinkHosts;
        }
    }

    public static class Queue {

        /**
         * Where acknowledged media messages wait for processing: file, a folder in the work dir
         * (one connector per work dir); kafka, a topic that replicas share in one consumer group
         * (needs media.ledger.store=jdbc and camel.component.kafka.brokers).
         */
        private QueueType type = QueueType.FILE;

        /** How often the queue folder is looked at (a number is milliseconds). */
        @DurationUnit(ChronoUnit.MILLIS)
        private Duration pollDelay = Duration.ofMillis(200);

        /** Below this much free disk in the work dir, the intake answers 503 instead of filling it. */
        private DataSize minFreeSpace = DataSize.ofMegabytes(100);

        @Valid
        private final KafkaQueue kafka = new KafkaQueue();

        public Duration getPollDelay() {
            return pollDelay;
        }

        public void setPollDelay(Duration pollDelay) {
            this.pollDelay = pollDelay;
        }

        public DataSize getMinFreeSpace() {
            return minFreeSpace;
        }

        public void setMinFreeSpace(DataSize minFreeSpace) {
            this.minFreeSpace = minFreeSpace;
        }

        public QueueType getType() {
            return type;
        }

        public void setType(QueueType type) {
            this.type = type;
        }

        public KafkaQueue getKafka() {
            return kafka;
        }
    }

    /** Where acknowledged media messages wait. */
    public enum QueueType {
        FILE,
        KAFKA
    }

    /** The media queue on Kafka (media.queue.type=kafka); brokers, TLS and SASL are camel.component.kafka.*. */
    public static class KafkaQueue {

        /** The topic of media messages to process, keyed by channel, message and media id. */
        @NotBlank
        private String topic = "whapi.media.jobs";

        /** Where a media message that cannot be stored goes, with the reason, attempts and failed sinks. */
        @NotBlank
        private String deadLetterTopic = "whapi.media.dead-letter";

        /** The consumer group every replica joins, so that each message is processed by one of them. */
        @NotBlank
        private String groupId = "whapi-media-router";

        /**
         * Consumer threads per replica, each processing one message at a time: 8, as many messages
         * in work as the file queue's media.download.concurrency. Replicas times consumers should
         * not exceed the partitions.
         */
        @Min(1)
        private int consumers = 8;

        /**
         * Partitions of the topics the connector creates when they are missing at startup. 96
         * divides evenly among 1, 2, 3 or 4 replicas of 8 consumers (and 6, 12): a consumer with
         * more partitions than the others would finish last and set the pace.
         */
        @Min(1)
        private int partitions = 96;

        /** Replication factor of the topics the connector creates; unset: the broker's default. */
        @Min(1)
        private Short replicationFactor;

        public String getTopic() {
            return topic;
        }

        public void setTopic(String topic) {
            this.topic = topic;
        }

        public String getDeadLetterTopic() {
            return deadLetterTopic;
        }

        public void setDeadLetterTopic(String deadLetterTopic) {
            this.deadLetterTopic = deadLetterTopic;
        }

        public String getGroupId() {
            return groupId;
        }

        public void setGroupId(String groupId) {
            this.groupId = groupId;
        }

        public int getConsumers() {
            return consumers;
        }

        public void setConsumers(int consumers) {
            this.consumers = consumers;
        }

        public int getPartitions() {
            return partitions;
        }

        public void setPartitions(int partitions) {
            this.partitions = partitions;
        }

        public Short getReplicationFactor() {
            return replicationFactor;
        }

        public void setReplicationFactor(Short replicationFactor) {
            this.replicationFactor = replicationFactor;
        }
    }

    /** A failed step retried with exponential backoff: initial-delay, doubling up to max-delay. */
    public abstract static class Retry {

        /** Retries after the first attempt. */
        @Min(0)
        private int maxRedeliveries = 5;

        /** The first retry's delay (a number is milliseconds). */
        @DurationUnit(ChronoUnit.MILLIS)
        private Duration initialDelay = Duration.ofSeconds(1);

        public int getMaxRedeliveries() {
            return maxRedeliveries;
        }

        public void setMaxRedeliveries(int maxRedeliveries) {
            this.maxRedeliveries = maxRedeliveries;
        }

        public Duration getInitialDelay() {
            return initialDelay;
        }

        public void setInitialDelay(Duration initialDelay) {
            this.initialDelay = initialDelay;
        }

        public abstract Duration getMaxDelay();
    }

    /**
     * A failed download and its verification, retried as a unit with jitter; Get Media's
     * 400/401/403/404 are not retried, and a 429/503 Retry-After wins over the backoff.
     */
    public static class FetchRetry extends Retry {

        /** The longest delay between two retries (a number is milliseconds). */
        @DurationUnit(ChronoUnit.MILLIS)
        private Duration maxDelay = Duration.ofSeconds(60);

        @Override
        public Duration getMaxDelay() {
            return maxDelay;
        }

        public void setMaxDelay(Duration maxDelay) {
            this.maxDelay = maxDelay;
        }
    }

    /** A sink that failed, retried on its own; it never holds up the other sinks. */
    public static class SinkRetry extends Retry {

        /** The longest delay between two retries (a number is milliseconds). */
        @DurationUnit(ChronoUnit.MILLIS)
        private Duration maxDelay = Duration.ofSeconds(30);

        @Override
        public Duration getMaxDelay() {
            return maxDelay;
        }

        public void setMaxDelay(Duration maxDelay) {
            this.maxDelay = maxDelay;
        }
    }

    /**
     * An event sink that failed, retried on its own from the outbox with backoff, oldest event
     * first, until media.events.<name>.max-age; it never holds up storage nor the other event
     * sinks. (max-redeliveries no longer applies to event sinks: they are retried until max-age.)
     */
    public static class EventRetry extends Retry {

        /** The longest delay between two retries (a number is milliseconds). */
        @DurationUnit(ChronoUnit.MILLIS)
        private Duration maxDelay = Duration.ofSeconds(30);

        @Override
        public Duration getMaxDelay() {
            return maxDelay;
        }

        public void setMaxDelay(Duration maxDelay) {
            this.maxDelay = maxDelay;
        }
    }

    /**
     * Reconciliation with Whapi's message history: every interval, for each channel of
     * whapi.channels, the messages of the lookback window are listed and every media message the
     * ledger does not know is taken in like a webhook's.
     */
    public static class Reconcile {

        /** How often to reconcile, e.g. 1h; 0 (the default): never. */
        @DurationUnit(ChronoUnit.MILLIS)
        private Duration interval = Duration.ZERO;

        /** How far back each run lists: the gateway gives up redelivering a webhook within 48 hours. */
        @DurationUnit(ChronoUnit.MILLIS)
        private Duration lookback = Duration.ofHours(48);

        /** Listing requests per second to the gateway, all channels together, so live webhooks keep their share. */
        @Min(1)
        private int maxRequestsPerSecond = 5;

        public Duration getInterval() {
            return interval;
        }

        public void setInterval(Duration interval) {
            this.interval = interval;
        }

        public Duration getLookback() {
            return lookback;
        }

        public void setLookback(Duration lookback) {
            this.lookback = lookback;
        }

        public int getMaxRequestsPerSecond() {
            return maxRequestsPerSecond;
        }

        public void setMaxRequestsPerSecond(int maxRequestsPerSecond) {
            this.maxRequestsPerSecond = maxRequestsPerSecond;
        }
    }

    /** Which media messages are archived at all; the others are answered 200, counted and logged at debug. */
    public static class Policy {

        /** Chat ids, or patterns with *, comma-separated; empty: every chat. */
        private List<String> includeChats = new ArrayList<>();

        /** Chat ids, or patterns with *, comma-separated, whose media are not archived. */
        private List<String> excludeChats = new ArrayList<>();

        /** Archive media from group chats (@g.us). */
        private boolean groups = true;

        /** Archive media from WhatsApp Channels (@newsletter). */
        private boolean newsletters = true;

        /** Archive media from stories (status@broadcast). */
        private boolean stories = true;

        /** Archive media sent as view-once. */
        private boolean viewOnce = true;

        /** Archive media the channel itself sent (from_me). */
        private boolean outgoing = true;

        /** Per media type, the largest announced size archived, e.g. video: 100MB (MEDIA_POLICY_MAXSIZE_VIDEO). */
        private Map<String, DataSize> maxSize = new LinkedHashMap<>();

        public List<String> getIncludeChats() {
            return includeChats;
        }

        public void setIncludeChats(List<String> includeChats) {
            this.includeChats = includeChats;
        }

        public List<String> getExcludeChats() {
            return excludeChats;
        }

        public void setExcludeChats(List<String> excludeChats) {
            this.excludeChats = excludeChats;
        }

        public boolean isGroups() {
            return groups;
        }

        public void setGroups(boolean groups) {
            this.groups = groups;
        }

        public boolean isNewsletters() {
            return newsletters;
        }

        public void setNewsletters(boolean newsletters) {
            this.newsletters = newsletters;
        }

        public boolean isStories() {
            return stories;
        }

        public void setStories(boolean stories) {
            this.stories = stories;
        }

        public boolean isViewOnce() {
            return viewOnce;
        }

        public void setViewOnce(boolean viewOnce) {
            this.viewOnce = viewOnce;
        }

        public boolean isOutgoing() {
            return outgoing;
        }

        public void setOutgoing(boolean outgoing) {
            this.outgoing = outgoing;
        }

        public Map<String, DataSize> getMaxSize() {
            return maxSize;
        }

        public void setMaxSize(Map<String, DataSize> maxSize) {
            this.maxSize = maxSize;
        }
    }

    public static class Verify {

        /** What a sha256 mismatch means: strict, a failed download; warn, logged and stored; off, not checked. */
        private Sha256Check sha256 = Sha256Check.STRICT;

        public Sha256Check getSha256() {
            return sha256;
        }

        public void setSha256(Sha256Check sha256) {
            this.sha256 = sha256;
        }
    }

    /** What a sha256 mismatch means: Whapi documents the field only as "Checksum". */
    public enum Sha256Check {
        STRICT,
        WARN,
        OFF
    }

    public static class S3 {

        /** S3 objects of this size or more go up as multipart, in parts of this size (S3's minimum part is 5MB). */
        private DataSize multipartThreshold = DataSize.ofMegabytes(25);

        public DataSize getMultipartThreshold() {
            return multipartThreshold;
        }

        public void setMultipartThreshold(DataSize multipartThreshold) {
            this.multipartThreshold = multipartThreshold;
        }
    }

    /** Settings of the routing rules in routes/21-routing-rules.camel.yaml (the example rule). */
    public static class Rules {

        private final LargeDocument largeDocument = new LargeDocument();

        public LargeDocument getLargeDocument() {
            return largeDocument;
        }
    }

    public static class LargeDocument {

        /**
         * Documents announced larger than this many bytes take this rule's sinks. A number of bytes,
         * not a size such as 50MB, because the route's Simple predicate compares it as a number.
         */
        @Min(0)
        private long minBytes = 52_428_800;

        /** Sinks for large documents; by default those of media.routing.document. */
        private String sinks = "${media.routing.document:${media.routing.default}}";

        public long getMinBytes() {
            return minBytes;
        }

        public void setMinBytes(long minBytes) {
            this.minBytes = minBytes;
        }

        public String getSinks() {
            return sinks;
        }

        public void setSinks(String sinks) {
            this.sinks = sinks;
        }
    }
}
