package io.whapi.mediarouter;

/**
 * Exchange variables that carry one media message through the routes. Routes name them as
 * plain strings ({@code ${variable.media}}); Java code uses these constants.
 */
public final class MediaVariables {

    /** The {@link io.whapi.mediarouter.MediaMessage} being processed; set by the router. */
    public static final String MEDIA = "media";

    /** Comma-separated sink names the router chose for the message, or {@code none}. */
    public static final String SINKS = "sinks";

    /** The verified {@link io.whapi.mediarouter.fetch.StagedMedia}; set by the fetch, read by every sink. */
    public static final String STAGED_MEDIA = "stagedMedia";

    /** The sinks of {@link #SINKS} that do not have the media yet (the ledger's answer), comma-separated. */
    public static final String SINKS_LACKING = "sinksLacking";

    /**
     * The {@link io.whapi.mediarouter.fetch.StagingFollower}s of the download, a list: sinks that
     * start on the bytes while they are staged. Unset when none.
     */
    public static final String STAGING_FOLLOWERS = "stagingFollowers";

    /** The storage key (relative path) of the binary in every sink; its sidecar is {@code key + ".json"}. */
    public static final String MEDIA_KEY = "mediaKey";

    /** The sink one copy of the fan-out delivers to. */
    public static final String SINK = "sink";

    /** The endpoint URI of the sink a sink route is storing to, where its template needs it. */
    public static final String SINK_URI = "sinkUri";

    /** Why that sink gave up after its retries; unset when it has the media. */
    public static final String SINK_FAILURE = "sinkFailure";

    /** After the fan-out: "name: reason" of each sink that did not get the media, or unset. */
    public static final String FAILED_SINKS = "failedSinks";

    /** Why the message is not archived ({@link io.whapi.mediarouter.routing.InputPolicy.Skip}), or null when it is. */
    public static final String SKIP = "skip";

    /** Set when the router took a queue file that another thread had just finished and deleted. */
    public static final String QUEUE_FILE_GONE = "queueFileGone";

    /**
     * How a message was taken in, for its provenance: unset for the webhook (HTTP),
     * {@code broker:<intake>}, {@code reconcile} or {@code backfill}.
     */
    public static final String VIA = "via";

    /** The media's type, read once (the intake's counter, the router's rules). */
    public static final String MEDIA_TYPE = "mediaType";

    /** fetch-from-link: the next URI to request (the link, then each redirect), null once the media answered. */
    public static final String LINK_HOP = "linkHop";

    /** Where the download being staged came from: {@code link} or {@code gateway}. */
    public static final String DOWNLOAD_SOURCE = "downloadSource";

    /** The dead-letter's reason: the root cause's message, without Camel's wrappers. */
    public static final String FAILURE_REASON = "failureReason";

    /** On a refused webhook: the HTTP status and the reason for reject-webhook's reply. */
    public static final String REJECT_STATUS = "rejectStatus";

    public static final String REJECT_REASON = "rejectReason";

    /** A Kafka record's manual commit, kept while its message is worked on (the Kafka queue, broker intakes). */
    public static final String KAFKA_COMMIT = "kafkaCommit";

    private MediaVariables() {}
}
