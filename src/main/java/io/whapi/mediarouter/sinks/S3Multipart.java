package io.whapi.mediarouter.sinks;

import io.whapi.mediarouter.fetch.StagedMedia;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.aws2.s3.AWS2S3Configuration;
import org.apache.camel.component.aws2.s3.AWS2S3Constants;
import org.apache.camel.component.aws2.s3.AWS2S3Endpoint;
import org.apache.camel.component.aws2.s3.utils.AWS2S3Utils;
import org.apache.commons.io.input.BoundedInputStream;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;

/**
 * The s3 sink kind's multipart upload ({@code routes/51-sink-s3.camel.yaml}), with its parts sent
 * {@code media.s3.parts-at-once} at a time. camel-aws2-s3 sends them one after the other: 1 GiB went
 * up at 0.49 of an upload with four parts at a time to the same store (benchmark, 2026-12-03). It
 * uses the sink endpoint's own S3 client and options (credentials, region, endpoint override,
 * bucket, part size, storage class, encryption), so the sink's URI still says everything. Each part
 * is read from the staged file as it is sent, and read again if the SDK retries it: memory stays
 * bounded whatever the media's size and however many uploads run at once (one pool for all).
 */
@Component("s3Multipart")
public class S3Multipart implements DisposableBean {

    private final CamelContext camel;
    private final int partsAtOnce;
    private final ExecutorService parts;
    private final Map<String, AWS2S3Endpoint> endpoints = new ConcurrentHashMap<>();

    public S3Multipart(CamelContext camel, SinkProperties media) {
        this.camel = camel;
        this.partsAtOnce = media.getS3().getPartsAtOnce();
        this.parts = camel.getExecutorServiceManager().newFixedThreadPool(this, "s3-parts", partsAtOnce);
    }

    /** Whether this sink sends the media in parts: multipart on, the media at least one part long. */
    public boolean inParts(String uri, StagedMedia media) {
        AWS2S3Configuration configuration = endpoint(uri).getConfiguration();
        return partsAtOnce > 1 && configuration.isMultiPartUpload() && media.size() >= configuration.getPartSize();
    }

    /**
     * Uploads the body (the staged file) to the key in header CamelAwsS3Key, with the Content-Type
     * and user metadata of its headers, as camel-aws2-s3's producer would; an upload that fails is
     * aborted, so that the store keeps no orphaned parts.
     */
    public void upload(String uri, Exchange exchange) throws Exception {
        AWS2S3Endpoint endpoint = endpoint(uri);
        AWS2S3Configuration configuration = endpoint.getConfiguration();
        S3Client s3 = endpoint.getS3Client();
        Message message = exchange.getMessage();
        Path file = message.getMandatoryBody(File.class).toPath();
        String bucket = AWS2S3Utils.determineBucketName(exchange, configuration);
        String key = message.getHeader(AWS2S3Constants.KEY, String.class);

        CreateMultipartUploadRequest.Builder create = CreateMultipartUploadRequest.builder()
                .bucket(bucket)
                .key(key)
                .contentType(message.getHeader(AWS2S3Constants.CONTENT_TYPE, String.class));
        @SuppressWarnings("unchecked")
        Map<String, String> metadata = message.getHeader(AWS2S3Constants.METADATA, Map.class);
        if (metadata != null) {
            create.metadata(metadata);
        }
        String storageClass = AWS2S3Utils.determineStorageClass(exchange, configuration);
        if (storageClass != null) {
            create.storageClass(storageClass);
        }
        AWS2S3Utils.setEncryption(create, configuration);
        String uploadId = s3.createMultipartUpload(create.build()).uploadId();

        List<Future<CompletedPart>> sent = new ArrayList<>();
        try {
            long size = Files.size(file);
            long partSize = configuration.getPartSize();
            int number = 1;
            for (long offset = 0; offset < size; offset += partSize, number++) {
                long from = offset;
                long length = Math.min(partSize, size - offset);
                int partNumber = number;
                sent.add(parts.submit(() -> {
                    String etag = s3.uploadPart(
                                    part -> part.bucket(bucket)
                                            .key(key)
                                            .uploadId(uploadId)
                                            .partNumber(partNumber),
                                    RequestBody.fromContentProvider(
                                            () -> region(file, from, length), length, "application/octet-stream"))
                            .eTag();
                    return CompletedPart.builder()
                            .partNumber(partNumber)
                            .eTag(etag)
                            .build();
                }));
            }
            List<CompletedPart> completed = new ArrayList<>();
            for (Future<CompletedPart> part : sent) {
                completed.add(part.get());
            }
            s3.completeMultipartUpload(complete -> {
                complete.bucket(bucket).key(key).uploadId(uploadId).multipartUpload(upload -> upload.parts(completed));
                if (configuration.isConditionalWritesEnabled()) {
                    complete.ifNoneMatch("*");
                }
            });
        } catch (Exception e) {
            sent.forEach(part -> part.cancel(true));
            s3.abortMultipartUpload(abort -> abort.bucket(bucket).key(key).uploadId(uploadId));
            // a part's own failure, not the future's wrapper, is what the sink's retry and log see
            throw e instanceof ExecutionException && e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    /** The bytes of the file from an offset, this many: one part, opened when the SDK reads it. */
    private static InputStream region(Path file, long from, long length) {
        try {
            FileChannel channel = FileChannel.open(file);
            channel.position(from);
            return BoundedInputStream.builder()
                    .setInputStream(Channels.newInputStream(channel))
                    .setMaxCount(length)
                    .setPropagateClose(true)
                    .get();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Looked up once per sink: Camel would normalise the URI again at every media. */
    private AWS2S3Endpoint endpoint(String uri) {
        return endpoints.computeIfAbsent(uri, key -> camel.getEndpoint(key, AWS2S3Endpoint.class));
    }

    @Override
    public void destroy() {
        camel.getExecutorServiceManager().shutdown(parts);
    }
}
