package io.whapi.mediarouter.sinks;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code media.*} settings that Java needs to see as a whole: the sinks and the routing
 * table they are checked against. Routes read single values as {@code {{media.routing.image}}}.
 */
@ConfigurationProperties("media")
public class MediaProperties {

    /** All state the connector keeps: staging files, and the default file sink's media. */
    private Path workDir = Path.of("./data");

    /** Sink name (lower-case letters and digits) to its Camel endpoint. */
    private Map<String, Sink> sinks = new LinkedHashMap<>();

    /** Media type (or {@code default}) to comma-separated sink names, or {@code none}. */
    private Map<String, String> routing = new LinkedHashMap<>();

    /** The example routing rule shipped in the router: large documents to their own sinks. */
    private Rules rules = new Rules();

    /** Settings every S3 sink shares. */
    private S3 s3 = new S3();

    public S3 getS3() {
        return s3;
    }

    public void setS3(S3 s3) {
        this.s3 = s3;
    }

    public Path getWorkDir() {
        return workDir;
    }

    public void setWorkDir(Path workDir) {
        this.workDir = workDir;
    }

    public Map<String, Sink> getSinks() {
        return sinks;
    }

    public void setSinks(Map<String, Sink> sinks) {
        this.sinks = sinks;
    }

    public Map<String, String> getRouting() {
        return routing;
    }

    public void setRouting(Map<String, String> routing) {
        this.routing = routing;
    }

    public Rules getRules() {
        return rules;
    }

    public void setRules(Rules rules) {
        this.rules = rules;
    }

    public static class Sink {

        /** A Camel endpoint URI; its scheme picks the sink's route template. */
        private String uri;

        public String getUri() {
            return uri;
        }

        public void setUri(String uri) {
            this.uri = uri;
        }
    }

    public static class S3 {

        /** Objects of at least this many bytes go up as multipart, in parts of this size (S3's minimum part is 5 MiB). */
        private long multipartThreshold = 25L * 1024 * 1024;

        public long getMultipartThreshold() {
            return multipartThreshold;
        }

        public void setMultipartThreshold(long multipartThreshold) {
            this.multipartThreshold = multipartThreshold;
        }
    }

    public static class Rules {

        private LargeDocument largeDocument = new LargeDocument();

        public LargeDocument getLargeDocument() {
            return largeDocument;
        }

        public void setLargeDocument(LargeDocument largeDocument) {
            this.largeDocument = largeDocument;
        }
    }

    public static class LargeDocument {

        /** Documents announced larger than this many bytes take this rule's sinks. */
        private long minBytes = 50L * 1024 * 1024;

        /** Sinks for large documents; by default the same as {@code media.routing.document}. */
        private String sinks;

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
