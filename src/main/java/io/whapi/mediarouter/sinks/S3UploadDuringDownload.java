package io.whapi.mediarouter.sinks;

import io.whapi.mediarouter.fetch.StagedMedia;
import io.whapi.mediarouter.fetch.StagingFollower;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import org.apache.camel.component.aws2.s3.AWS2S3Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;

/**
 * One S3 sink's upload of a media while it downloads: each download attempt begins a multipart
 * upload and sends the parts the staging area has written; a failed attempt aborts it. The sink
 * takes the upload of the verified attempt and completes it ({@link S3Multipart#upload}); one it
 * never takes is aborted when the message is done ({@link #abandon}). When the store cannot even
 * begin an upload, nothing goes ahead and the sink uploads after the download, with its own retries.
 */
final class S3UploadDuringDownload implements StagingFollower {

    private static final Logger LOG = LoggerFactory.getLogger(S3UploadDuringDownload.class);

    private final String sink;
    private final S3Client s3;
    private final AWS2S3Configuration configuration;
    private final CreateMultipartUploadRequest create;
    private final ExecutorService pool;
    /** The current attempt's upload: written by the download's thread, read by the sink's. */
    private volatile S3PartsUpload upload;

    S3UploadDuringDownload(
            String sink,
            S3Client s3,
            AWS2S3Configuration configuration,
            CreateMultipartUploadRequest create,
            ExecutorService pool) {
        this.sink = sink;
        this.s3 = s3;
        this.configuration = configuration;
        this.create = create;
        this.pool = pool;
    }

    String sink() {
        return sink;
    }

    @Override
    public synchronized void started(Path part) {
        abandon();
        try {
            upload = S3PartsUpload.begin(s3, configuration, create, part, pool);
        } catch (RuntimeException e) {
            LOG.debug("Sink {} uploads {} after the download: {}", sink, create.key(), e.getMessage());
        }
    }

    @Override
    public void staged(long bytes) {
        S3PartsUpload current = upload;
        if (current != null) {
            current.staged(bytes);
        }
    }

    @Override
    public synchronized void verified(StagedMedia media) {
        if (upload != null) {
            upload.finish(media.size());
        }
    }

    @Override
    public synchronized void failed() {
        abandon();
    }

    /**
     * For the sink: the upload of the verified download, when it is of this very object (bucket,
     * key, type, metadata) and file; null otherwise, and the sink uploads the file itself. Taken
     * once: a retry of the sink uploads afresh.
     */
    synchronized S3PartsUpload take(CreateMultipartUploadRequest wanted, Path file) {
        S3PartsUpload taken = upload;
        upload = null;
        if (taken != null
                && !(taken.finished()
                        && taken.request().equals(wanted)
                        && taken.file().equals(file))) {
            taken.abort();
            return null;
        }
        return taken;
    }

    /** Aborts the upload begun, if the sink has not taken it. */
    synchronized void abandon() {
        if (upload != null) {
            upload.abort();
            upload = null;
        }
    }
}
