package io.whapi.mediarouter.sinks;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.apache.camel.component.aws2.s3.AWS2S3Configuration;
import org.apache.commons.io.input.BoundedInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;

/**
 * One multipart upload of a file that may still be growing: each part is handed to the pool as
 * soon as the file has it ({@link #staged}), the last one when its length is known ({@link
 * #finish}); {@link #complete} waits for them and makes the object, {@link #abort} drops it. The
 * parts are read from the file when sent (and again if the SDK retries one), never held in memory.
 * {@code staged} and {@code finish} are called by one thread (the download's, or the sink's).
 */
final class S3PartsUpload {

    private static final Logger LOG = LoggerFactory.getLogger(S3PartsUpload.class);

    private final S3Client s3;
    private final AWS2S3Configuration configuration;
    private final CreateMultipartUploadRequest create;
    private final String uploadId;
    private final Path file;
    private final long partSize;
    private final ExecutorService pool;
    private final List<Future<CompletedPart>> sent = new ArrayList<>();
    private long sentUpTo;
    private boolean finished;

    private S3PartsUpload(
            S3Client s3,
            AWS2S3Configuration configuration,
            CreateMultipartUploadRequest create,
            String uploadId,
            Path file,
            ExecutorService pool) {
        this.s3 = s3;
        this.configuration = configuration;
        this.create = create;
        this.uploadId = uploadId;
        this.file = file;
        this.partSize = configuration.getPartSize();
        this.pool = pool;
    }

    /** Creates the multipart upload in the store: nothing is sent yet. */
    static S3PartsUpload begin(
            S3Client s3,
            AWS2S3Configuration configuration,
            CreateMultipartUploadRequest create,
            Path file,
            ExecutorService pool) {
        String uploadId = s3.createMultipartUpload(create).uploadId();
        return new S3PartsUpload(s3, configuration, create, uploadId, file, pool);
    }

    CreateMultipartUploadRequest request() {
        return create;
    }

    Path file() {
        return file;
    }

    boolean finished() {
        return finished;
    }

    /** The file's first {@code bytes} are written: every whole part among them is sent. */
    void staged(long bytes) {
        while (bytes - sentUpTo >= partSize) {
            send(sentUpTo, partSize);
        }
    }

    /** The file is complete at this size: the rest goes as the last part. */
    void finish(long size) {
        staged(size);
        if (size > sentUpTo || sent.isEmpty()) {
            send(sentUpTo, size - sentUpTo);
        }
        finished = true;
    }

    /**
     * Waits for every part and completes the object (refused by the store if the key exists and
     * the sink asks for conditional writes). On any failure the upload is aborted and the part's
     * own exception, not the future's wrapper, is what the sink's retry and log see.
     */
    void complete() throws Exception {
        try {
            List<CompletedPart> completed = new ArrayList<>();
            for (Future<CompletedPart> part : sent) {
                completed.add(part.get());
            }
            s3.completeMultipartUpload(complete -> {
                complete.bucket(create.bucket())
                        .key(create.key())
                        .uploadId(uploadId)
                        .multipartUpload(upload -> upload.parts(completed));
                if (configuration.isConditionalWritesEnabled()) {
                    complete.ifNoneMatch("*");
                }
            });
        } catch (Exception e) {
            abort();
            throw e instanceof ExecutionException && e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    /** Drops the parts sent and those still to be sent; the store keeps nothing of this upload. */
    void abort() {
        sent.forEach(part -> part.cancel(true));
        try {
            s3.abortMultipartUpload(
                    abort -> abort.bucket(create.bucket()).key(create.key()).uploadId(uploadId));
        } catch (RuntimeException e) {
            // the store expires it by its own lifecycle rule, if it has one
            LOG.warn("Could not abort the multipart upload of {}: {}", create.key(), e.getMessage());
        }
    }

    private void send(long from, long length) {
        int partNumber = sent.size() + 1;
        sent.add(pool.submit(() -> {
            String etag = s3.uploadPart(
                            part -> part.bucket(create.bucket())
                                    .key(create.key())
                                    .uploadId(uploadId)
                                    .partNumber(partNumber),
                            RequestBody.fromContentProvider(
                                    () -> region(file, from, length), length, "application/octet-stream"))
                    .eTag();
            return CompletedPart.builder().partNumber(partNumber).eTag(etag).build();
        }));
        sentUpTo = from + length;
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
}
