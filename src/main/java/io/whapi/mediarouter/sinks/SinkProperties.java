package io.whapi.mediarouter.sinks;

import io.whapi.mediarouter.config.EndpointUris;
import io.whapi.mediarouter.config.MediaProperties;
import io.whapi.mediarouter.config.SettingNames;
import jakarta.validation.Valid;
import java.net.URISyntaxException;
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
 * The sinks' settings: {@code media.sinks.<name>.*}, the key every sink stores under, the
 * sidecar, the sink retries and S3's multipart size; checked as a whole while they are bound:
 * the sinks' names and URIs, and the key template.
 */
@Validated
@ConfigurationProperties("media")
public class SinkProperties implements Validator {

    @Override
    public boolean supports(Class<?> type) {
        return SinkProperties.class.isAssignableFrom(type);
    }

    @Override
    public void validate(Object target, Errors errors) {
        List<String> problems = new ArrayList<>();
        check((SinkProperties) target, problems);
        problems.forEach(problem -> errors.reject("media", problem));
    }

    private static void check(SinkProperties media, List<String> problems) {
        media.getSinks().forEach((name, sink) -> sinkProblem(name, sink, problems));
        String keyTemplateProblem = StorageKeys.templateProblem(media.getKeyTemplate());
        if (keyTemplateProblem != null) {
            problems.add(keyTemplateProblem);
        }
        if (media.getS3().getPartsAtOnce() < 1) {
            problems.add("media.s3.parts-at-once is " + media.getS3().getPartsAtOnce()
                    + ". Set it to 1 (parts one after the other) or more.");
        }
    }

    private static void sinkProblem(String name, SinkProperties.Sink sink, List<String> problems) {
        if (!SettingNames.settableFromEnvironment(name)) {
            problems.add("Sink name '" + name + "' is not lower-case letters and digits."
                    + " Rename it, so that MEDIA_SINKS_<NAME>_URI can set it from the environment.");
            return;
        }
        String uri = sink.getUri();
        if (uri == null || uri.isBlank()) {
            problems.add("Sink '" + name + "' has no URI. Set media.sinks." + name + ".uri (env MEDIA_SINKS_"
                    + name.toUpperCase() + "_URI), e.g. file:/var/media.");
            return;
        }
        // whether a kind serves its scheme, and takes its options, is checked when the routes are
        // built (SinkRoutes): the kinds are route templates
        try {
            sink.options();
        } catch (URISyntaxException e) {
            problems.add("Sink '" + name + "' has a malformed URI query. Fix media.sinks." + name
                    + ".uri (wrap secrets in RAW(...)).");
        }
    }

    /** Write {key}.json with the message's metadata beside each binary, after it. */
    private boolean sidecar = true;

    public boolean isSidecar() {
        return sidecar;
    }

    public void setSidecar(boolean sidecar) {
        this.sidecar = sidecar;
    }

    /**
     * Where each media is stored, the same key in every sink. Variables: {channel} {chat} {type}
     * {yyyy} {MM} {dd} (UTC day of the message) {messageId} {mediaId} {ext} {fileName}; each value
     * is made a safe path segment. Must contain {messageId}; no '..', no leading '/'.
     */
    private String keyTemplate = "{channel}/{type}/{yyyy}/{MM}/{dd}/{messageId}.{ext}";

    public String getKeyTemplate() {
        return keyTemplate;
    }

    public void setKeyTemplate(String keyTemplate) {
        this.keyTemplate = keyTemplate;
    }

    /**
     * Sinks by name (lower-case letters and digits, so that MEDIA_SINKS_<NAME>_URI can set them):
     * a Camel endpoint URI whose scheme picks the sink's kind, a route template sink-<kind> in routes/ or
     * media.extra-routes-dir (docs/sinks-and-routing.md); and, for a kind whose component always
     * talks to the public cloud, an endpoint: the store's service URL (an emulator, Azure Stack, a
     * sovereign cloud).
     */
    @Valid
    private Map<String, Sink> sinks = new LinkedHashMap<>(Map.of("file", new Sink("file:${media.work-dir}/media")));

    public Map<String, Sink> getSinks() {
        return sinks;
    }

    public void setSinks(Map<String, Sink> sinks) {
        this.sinks = sinks;
    }

    @Valid
    private final SinkRetry sinkRetry = new SinkRetry();

    public SinkRetry getSinkRetry() {
        return sinkRetry;
    }

    private final S3 s3 = new S3();

    public S3 getS3() {
        return s3;
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

        /**
         * How long the sink keeps a media (binary and sidecar) once stored, e.g. 90d; media stored
         * longer ago are deleted by the sweep every media.retention.interval. Empty: kept for good.
         */
        private Duration retention;

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

        public Duration getRetention() {
            return retention;
        }

        public void setRetention(Duration retention) {
            this.retention = retention;
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

    /** A sink that failed, retried on its own; it never holds up the other sinks. */
    public static class SinkRetry extends MediaProperties.Retry {

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

    public static class S3 {

        /** S3 objects of this size or more go up as multipart, in parts of this size (S3's minimum part is 5MB). */
        private DataSize multipartThreshold = DataSize.ofMegabytes(25);

        public DataSize getMultipartThreshold() {
            return multipartThreshold;
        }

        public void setMultipartThreshold(DataSize multipartThreshold) {
            this.multipartThreshold = multipartThreshold;
        }

        /**
         * Parts of one multipart upload sent at once (each read from the staged file as it is sent,
         * so memory does not grow with it); 1 sends them one after the other, as camel-aws2-s3 does.
         */
        private int partsAtOnce = 4;

        public int getPartsAtOnce() {
            return partsAtOnce;
        }

        public void setPartsAtOnce(int partsAtOnce) {
            this.partsAtOnce = partsAtOnce;
        }

        /**
         * Send a media's parts while it downloads, when the webhook announced its size and sha256
         * and media.verify.sha256 is strict: the upload is completed once the download is verified,
         * aborted if it fails. Off: downloaded first, then uploaded.
         */
        private boolean uploadDuringDownload = true;

        public boolean isUploadDuringDownload() {
            return uploadDuringDownload;
        }

        public void setUploadDuringDownload(boolean uploadDuringDownload) {
            this.uploadDuringDownload = uploadDuringDownload;
        }
    }
}
