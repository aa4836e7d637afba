package io.whapi.mediarouter.sinks;

import io.whapi.mediarouter.MediaMessage;
import io.whapi.mediarouter.MediaVariables;
import io.whapi.mediarouter.fetch.FetchProperties;
import io.whapi.mediarouter.fetch.StagedMedia;
import io.whapi.mediarouter.fetch.StagingFollower;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Variable;
import org.apache.camel.component.aws2.s3.AWS2S3Configuration;
import org.apache.camel.component.aws2.s3.AWS2S3Constants;
import org.apache.camel.component.aws2.s3.AWS2S3Endpoint;
import org.apache.camel.component.aws2.s3.utils.AWS2S3Utils;
import org.apache.camel.support.SynchronizationAdapter;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;

/**
 * The s3 sink kind's multipart upload ({@code routes/51-sink-s3.camel.yaml}), with its parts sent
 * {@code media.s3.parts-at-once} at a time. camel-aws2-s3 sends them one after the other: 1 GiB went
 * up at 0.49 of an upload with four parts at a time to the same store (benchmark, 2026-12-03). It
 * uses the sink endpoint's own S3 client and options (credentials, region, endpoint override,
 * bucket, part size, storage class, encryption), so the sink's URI still says everything. Each part
 * is read from the staged file as it is sent, and read again if the SDK retries it: memory stays
 * bounded whatever the media's size and however many uploads run at once (one pool for all).
 *
 * <p>A media the webhook announced with its size and sha256 can go up while it downloads ({@link
 * #startDuringDownload}, {@code media.s3.upload-during-download}): each part is sent as soon as the
 * staging area has written it, and the sink completes the upload only once the whole was verified.
 * Downloaded first and then uploaded, the two took the sum of their times: 115 MB/s for 1 GiB
 * against 123 MB/s with the parts sent during the download, on two cores shared with the store
 * (benchmark 2026-12-04, docs/benchmarks.md).
 */
@Component("s3Multipart")
public class S3Multipart implements DisposableBean {

    private final CamelContext camel;
    private final SinkRoutes sinkRoutes;
    private final StorageKeys storageKeys;
    private final Sidecars sidecars;
    private final int partsAtOnce;
    private final boolean duringDownload;
    private final ExecutorService parts;
    /** Per sink URI, its S3 endpoint (empty for a sink of another kind), looked up once. */
    private final Map<String, Optional<AWS2S3Endpoint>> endpoints = new ConcurrentHashMap<>();

    public S3Multipart(
            CamelContext camel,
            SinkProperties media,
            FetchProperties fetch,
            SinkRoutes sinkRoutes,
            StorageKeys storageKeys,
            Sidecars sidecars) {
        this.camel = camel;
        this.sinkRoutes = sinkRoutes;
        this.storageKeys = storageKeys;
        this.sidecars = sidecars;
        this.partsAtOnce = media.getS3().getPartsAtOnce();
        // The object's metadata carries the sha256, and an upload begun before the download ends
        // can only take the announced one: only when a mismatch fails the download (strict) is
        // that the one the media has.
        this.duringDownload = media.getS3().isUploadDuringDownload()
                && fetch.getVerify().getSha256() == FetchProperties.Sha256Check.STRICT;
        this.parts = camel.getExecutorServiceManager().newFixedThreadPool(this, "s3-parts", partsAtOnce);
    }

    /** Whether this sink sends the media in parts: multipart on, the media at least one part long. */
    public boolean inParts(
            @Variable(MediaVariables.SINK_URI) String uri, @Variable(MediaVariables.STAGED_MEDIA) StagedMedia media) {
        return inParts(endpoint(uri).getConfiguration(), media.size());
    }

    private boolean inParts(AWS2S3Configuration configuration, long size) {
        return partsAtOnce > 1 && configuration.isMultiPartUpload() && size >= configuration.getPartSize();
    }

    /**
     * Before the fetch: each S3 sink that lacks the media and will send it in parts begins its
     * multipart upload with the download ({@link S3UploadDuringDownload}, a follower of the
     * staging area). What the sinks do not take (the message failed, was erased meanwhile) is
     * aborted when the message is done, and a retry of the message aborts what the last attempt
     * began.
     */
    public void startDuringDownload(
            @Variable(MediaVariables.MEDIA) MediaMessage media,
            @Variable(MediaVariables.SINKS_LACKING) String sinksLacking,
            Exchange exchange) {
        @SuppressWarnings("unchecked")
        List<StagingFollower> earlier = exchange.getVariable(MediaVariables.STAGING_FOLLOWERS, List.class);
        if (earlier != null) {
            abandon(earlier);
            exchange.removeVariable(MediaVariables.STAGING_FOLLOWERS);
        }
        if (!duringDownload
                || media.fileSize() == null
                || media.sha256() == null
                || media.sha256().isBlank()) {
            return;
        }
        List<StagingFollower> followers = new ArrayList<>();
        String key = null;
        for (String sink : sinksLacking.split(",")) {
            String uri = sinkRoutes.sinkUri(sink);
            AWS2S3Endpoint endpoint = uri == null ? null : s3Endpoint(uri).orElse(null);
            if (endpoint == null || !inParts(endpoint.getConfiguration(), media.fileSize())) {
                continue;
            }
            key = key == null ? storageKeys.keyFor(media) : key;
            CreateMultipartUploadRequest create = createRequest(
                    exchange,
                    endpoint.getConfiguration(),
                    key,
                    media.mimeType(),
                    sidecars.userMetadata(media, media.sha256()));
            followers.add(new S3UploadDuringDownload(
                    sink, endpoint.getS3Client(), endpoint.getConfiguration(), create, parts));
        }
        if (followers.isEmpty()) {
            return;
        }
        exchange.setVariable(MediaVariables.STAGING_FOLLOWERS, followers);
        if (earlier == null) {
            // once per message, whatever the retries: it reads the variable as it is at the end
            exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
                @Override
                public void onDone(Exchange done) {
                    @SuppressWarnings("unchecked")
                    List<StagingFollower> left = done.getVariable(MediaVariables.STAGING_FOLLOWERS, List.class);
                    if (left != null) {
                        abandon(left);
                    }
                }
            });
        }
    }

    /**
     * Uploads the body (the staged file) to the key in header CamelAwsS3Key, with the Content-Type
     * and user metadata of its headers, as camel-aws2-s3's producer would; an upload that fails is
     * aborted, so that the store keeps no orphaned parts. When this sink's upload went ahead during
     * the download, only what is left is sent (nothing, usually) and the upload completed.
     */
    public void upload(@Variable(MediaVariables.SINK_URI) String uri, Exchange exchange) throws Exception {
        AWS2S3Endpoint endpoint = endpoint(uri);
        AWS2S3Configuration configuration = endpoint.getConfiguration();
        Message message = exchange.getMessage();
        Path file = message.getMandatoryBody(File.class).toPath();
        String key = message.getHeader(AWS2S3Constants.KEY, String.class);
        CreateMultipartUploadRequest create = createRequest(
                exchange,
                configuration,
                key,
                message.getHeader(AWS2S3Constants.CONTENT_TYPE, String.class),
                message.getHeader(AWS2S3Constants.METADATA, Map.class));

        S3PartsUpload ahead = takeAhead(exchange, create, file);
        if (ahead != null) {
            ahead.complete();
            return;
        }
        S3PartsUpload upload = S3PartsUpload.begin(endpoint.getS3Client(), configuration, create, file, parts);
        try {
            upload.finish(Files.size(file));
        } catch (IOException | RuntimeException e) {
            upload.abort();
            throw e;
        }
        upload.complete();
    }

    /** This sink's upload begun during the download, when it is for this very object and file. */
    private static S3PartsUpload takeAhead(Exchange exchange, CreateMultipartUploadRequest create, Path file) {
        @SuppressWarnings("unchecked")
        List<StagingFollower> followers = exchange.getVariable(MediaVariables.STAGING_FOLLOWERS, List.class);
        String sink = exchange.getVariable(MediaVariables.SINK, String.class);
        if (followers == null || sink == null) {
            return null;
        }
        for (StagingFollower follower : followers) {
            if (follower instanceof S3UploadDuringDownload ahead && ahead.sink().equals(sink)) {
                return ahead.take(create, file);
            }
        }
        return null;
    }

    private static void abandon(List<StagingFollower> followers) {
        for (StagingFollower follower : followers) {
            if (follower instanceof S3UploadDuringDownload ahead) {
                ahead.abandon();
            }
        }
    }

    /** What camel-aws2-s3's producer would create: bucket, key, type, metadata, storage class, encryption. */
    private static CreateMultipartUploadRequest createRequest(
            Exchange exchange,
            AWS2S3Configuration configuration,
            String key,
            String contentType,
            Map<String, String> metadata) {
        CreateMultipartUploadRequest.Builder create = CreateMultipartUploadRequest.builder()
                .bucket(AWS2S3Utils.determineBucketName(exchange, configuration))
                .key(key)
                .contentType(contentType);
        if (metadata != null) {
            create.metadata(metadata);
        }
        String storageClass = AWS2S3Utils.determineStorageClass(exchange, configuration);
        if (storageClass != null) {
            create.storageClass(storageClass);
        }
        AWS2S3Utils.setEncryption(create, configuration);
        return create.build();
    }

    /** Looked up once per sink: Camel would normalise the URI again at every media. */
    private AWS2S3Endpoint endpoint(String uri) {
        return s3Endpoint(uri).orElseThrow(() -> new IllegalArgumentException("not an aws2-s3 endpoint"));
    }

    private Optional<AWS2S3Endpoint> s3Endpoint(String uri) {
        return endpoints.computeIfAbsent(
                uri, key -> camel.getEndpoint(key) instanceof AWS2S3Endpoint s3 ? Optional.of(s3) : Optional.empty());
    }

    @Override
    public void destroy() {
        camel.getExecutorServiceManager().shutdown(parts);
    }
}
