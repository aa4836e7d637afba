package io.whapi.mediarouter.fetch;

import io.whapi.mediarouter.MediaMessage;
import io.whapi.mediarouter.MediaVariables;
import io.whapi.mediarouter.config.MediaProperties;
import io.whapi.mediarouter.files.DurableFiles;
import io.whapi.mediarouter.files.FolderSyncs;
import io.whapi.mediarouter.pipeline.DaemonThreads;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.camel.Body;
import org.apache.camel.Header;
import org.apache.camel.Variable;
import org.apache.camel.component.file.FileConstants;
import org.apache.hc.core5.http.io.EofSensorInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Streams a download into {@code {work-dir}/staging/}, counting and hashing on the way, and
 * verifies it against what the webhook announced. Only a verified file leaves this class; a
 * failed one is deleted before the exception is thrown, so nothing half-written reaches a sink.
 */
@Component
public class StagingArea implements DisposableBean {

    private static final Logger LOG = LoggerFactory.getLogger(StagingArea.class);
    private static final int BUFFER_SIZE = 64 * 1024;

    /**
     * A download this long is fsynced in the background as it grows, so that the fsync a file sink
     * makes before it stores the media (linkForSink) finds little left to write: 1 GiB was the
     * download followed by 0.6 s of fsync here (docs/benchmarks.md). Smaller media never reach it.
     */
    static final long WRITE_BACK_EVERY = 32L * 1024 * 1024;

    private final Path stagingDir;
    private final FetchProperties.Sha256Check sha256Check;
    private final long maxSize;
    private final DownloadMetrics metrics;
    /** Media stored at the same time go into the same sink folder: its fsyncs are shared. */
    private final FolderSyncs sinkFolderSyncs = new FolderSyncs();
    /** Per file sink: whether its folder is on another file system than the staging area. */
    private final Map<String, Boolean> sinksElsewhere = new ConcurrentHashMap<>();

    private final ExecutorService writeBackThread =
            Executors.newSingleThreadExecutor(DaemonThreads.named("staging-write-back"));

    /** A download this long is hashed on a thread of its own, behind its writes ({@link HashBehindWrites}). */
    static final long HASH_BEHIND_FROM = 8L * 1024 * 1024;

    private final ExecutorService hashingThreads = Executors.newCachedThreadPool(DaemonThreads.named("staging-hash"));

    public StagingArea(MediaProperties media, FetchProperties fetch, DownloadMetrics metrics) throws IOException {
        this.sha256Check = fetch.getVerify().getSha256();
        this.metrics = metrics;
        this.maxSize = fetch.getMaxSize().toBytes();
        this.stagingDir = Files.createDirectories(media.getWorkDir().resolve("staging"));
        // a crash mid-download leaves a part file (or a sink's link to one) that nothing refers
        // to: its message is still queued
        try (var leftovers = Files.newDirectoryStream(stagingDir, "*.{part,link}")) {
            for (Path leftover : leftovers) {
                delete(leftover);
            }
        }
    }

    /**
     * @param body          the response body as a stream (never read into memory)
     * @param contentLength the response's Content-Length header, or null
     * @param source        {@code link} or {@code gateway}, recorded in the sidecar
     */
    public StagedMedia stage(
            @Body InputStream body,
            @Header("Content-Length") String contentLength,
            @Variable(MediaVariables.MEDIA) MediaMessage media,
            @Variable(MediaVariables.DOWNLOAD_SOURCE) String source,
            @Variable(MediaVariables.STAGING_FOLLOWERS) List<StagingFollower> followers) {
        Path part = stagingDir.resolve(UUID.randomUUID() + ".part");
        List<StagingFollower> following = followers == null ? List.of() : followers;
        following.forEach(follower -> follower.started(part));
        try {
            Long declared =
                    contentLength == null || contentLength.isBlank() ? null : Long.valueOf(contentLength.trim());
            if (declared != null && declared > maxSize) {
                throw tooLarge(media, source, declared + " bytes announced by the server");
            }
            long started = System.nanoTime();
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            long size = copy(body, part, sha256, media, source, following);
            String digest = Base64.getEncoder().encodeToString(sha256.digest());
            verify(media, source, size, digest, declared);
            StagedMedia staged = new StagedMedia(part, size, digest, source);
            metrics.succeeded(staged, System.nanoTime() - started);
            following.forEach(follower -> follower.verified(staged));
            return staged;
        } catch (IOException e) {
            dropAttempt(part, following);
            // a connection cut mid-body surfaces here (premature end of a Content-Length body)
            throw new UncheckedIOException(
                    "download of media " + media.mediaId() + " from " + source + " failed: " + e.getMessage(), e);
        } catch (MediaTooLargeException e) {
            dropAttempt(part, following);
            abort(body);
            throw e;
        } catch (RuntimeException e) {
            dropAttempt(part, following);
            throw e;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }

    /** A failed download: its followers drop what they began, and its part file goes. */
    private static void dropAttempt(Path part, List<StagingFollower> following) {
        following.forEach(StagingFollower::failed);
        delete(part);
    }

    /** Removes the staged file once every sink has it (or the message failed), and links left by failed sinks. */
    public void discard(@Variable(MediaVariables.STAGED_MEDIA) StagedMedia staged) {
        if (staged != null) {
            delete(staged.path());
            try (var links = Files.newDirectoryStream(stagingDir, staged.path().getFileName() + ".*.link")) {
                for (Path link : links) {
                    delete(link);
                }
            } catch (IOException e) {
                LOG.warn("Could not list links of {}: {}", staged.path(), e.getMessage());
            }
        }
    }

    /**
     * A file sink's own name for the staged bytes, a hard link: the sink renames it into place
     * (Camel's local work path), so storing to a file sink writes no second copy. The bytes are
     * made durable first, as a copy by the sink would be. {@code null} when the sink is on another
     * file system (or links are not supported): the sink then copies.
     */
    public String linkForSink(
            @Variable(MediaVariables.STAGED_MEDIA) StagedMedia staged, @Variable(MediaVariables.SINK) String sink) {
        Path link = staged.path().resolveSibling(staged.path().getFileName() + "." + sink + ".link");
        try {
            DurableFiles.force(staged.path());
            Files.deleteIfExists(link);
            Files.createLink(link, staged.path());
            return link.toString();
        } catch (IOException | UnsupportedOperationException e) {
            LOG.debug("No link to {} for sink {}, it copies: {}", staged.path(), sink, e.getMessage());
            return null;
        }
    }

    /**
     * A file sink's sidecar, written beside the staged file under the sink's own name and fsynced:
     * the sink renames it into place as it does the binary's link (Camel's file producer would
     * write the sidecar without an fsync, and its presence says the binary is complete). Returns
     * its path; left behind only by a failed sink, and then removed with the staged file
     * ({@link #discard}).
     */
    public String sidecarForSink(
            @Body String sidecar,
            @Variable(MediaVariables.STAGED_MEDIA) StagedMedia staged,
            @Variable(MediaVariables.SINK) String sink) {
        Path file = staged.path().resolveSibling(staged.path().getFileName() + "." + sink + ".sidecar.link");
        try {
            DurableFiles.writeForced(file, sidecar.getBytes(StandardCharsets.UTF_8));
            return file.toString();
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the sidecar of " + staged.path() + " for sink " + sink, e);
        }
    }

    /**
     * After a file sink stored the binary or the sidecar, before the sidecar follows or the ledger
     * records the delivery: the rename into the sink's folder is made durable by an fsync of that
     * folder (some file systems, btrfs among them, persist an fsynced file without the renames
     * around it). When the folder is on another file system than the staging area, the producer
     * could not rename the staged link into place and copied it (Camel's copy fallback, which
     * never fsyncs), so the copy itself is fsynced first. Which case a sink is in is looked at once.
     */
    public void makeStoredDurable(
            @Header(FileConstants.FILE_NAME_PRODUCED) String produced, @Variable(MediaVariables.SINK) String sink) {
        Path file = Path.of(produced);
        try {
            if (sinksElsewhere.computeIfAbsent(sink, name -> onAnotherFileSystem(file.getParent()))) {
                DurableFiles.force(file);
            }
            sinkFolderSyncs.afterRenameInto(file.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("could not fsync " + file + " in sink " + sink, e);
        }
    }

    private boolean onAnotherFileSystem(Path folder) {
        try {
            return !Files.getFileStore(folder).equals(Files.getFileStore(stagingDir));
        } catch (IOException e) {
            // cannot tell: fsync, which is right either way
            return true;
        }
    }

    /** The media's announced size is over media.max-size: refuse it before any download. */
    public void checkAnnouncedSize(@Variable(MediaVariables.MEDIA) MediaMessage media) {
        if (media.fileSize() != null && media.fileSize() > maxSize) {
            throw tooLarge(media, "webhook", media.fileSize() + " bytes announced");
        }
    }

    private MediaTooLargeException tooLarge(MediaMessage media, String source, String what) {
        return new MediaTooLargeException("media " + media.mediaId() + " from " + source + " is over media.max-size ("
                + maxSize + " bytes): " + what);
    }

    private long copy(
            InputStream body,
            Path target,
            MessageDigest sha256,
            MediaMessage media,
            String source,
            List<StagingFollower> followers)
            throws IOException {
        long size = 0;
        long nextWriteBack = WRITE_BACK_EVERY;
        AtomicBoolean writingBack = new AtomicBoolean();
        HashBehindWrites hashBehind = null;
        InputStream in = body == null ? InputStream.nullInputStream() : body;
        try (OutputStream out = Files.newOutputStream(target)) {
            byte[] buffer = new byte[BUFFER_SIZE];
            for (int n; (n = in.read(buffer)) != -1; ) {
                size += n;
                if (size > maxSize) {
                    throw tooLarge(media, source, "more than that was sent");
                }
                out.write(buffer, 0, n);
                // written straight to the file (no buffer in between): a follower reads it at once
                for (StagingFollower follower : followers) {
                    follower.staged(size);
                }
                // into the digest: here, or once the download is large, on a thread behind the writes
                if (hashBehind == null) {
                    sha256.update(buffer, 0, n);
                    if (size >= HASH_BEHIND_FROM) {
                        hashBehind = new HashBehindWrites(sha256, BUFFER_SIZE, hashingThreads);
                        buffer = hashBehind.nextBuffer();
                    }
                } else {
                    hashBehind.written(buffer, n);
                    buffer = hashBehind.nextBuffer();
                }
                if (size >= nextWriteBack) {
                    nextWriteBack = size + WRITE_BACK_EVERY;
                    writeBack(target, writingBack);
                }
            }
            if (hashBehind != null) {
                hashBehind.finish();
            }
        } finally {
            if (hashBehind != null) {
                hashBehind.close();
            }
        }
        in.close();
        return size;
    }

    /**
     * Has the bytes written so far put on disk by the write-back thread, unless it is still at the
     * last ones: the download goes on meanwhile. Through a channel of its own, which the download's
     * closing never waits for; a file deleted meanwhile (a failed download) needs nothing.
     */
    private void writeBack(Path file, AtomicBoolean writingBack) {
        if (writingBack.compareAndSet(false, true)) {
            writeBackThread.execute(() -> {
                try {
                    DurableFiles.force(file);
                } catch (IOException e) {
                    LOG.debug("No write-back of {}: {}", file, e.getMessage());
                } finally {
                    writingBack.set(false);
                }
            });
        }
    }

    @Override
    public void destroy() {
        writeBackThread.shutdownNow();
        hashingThreads.shutdownNow();
    }

    /**
     * Ends an oversized download without reading the rest: closing an HttpClient response stream
     * would read it to the end, aborting drops the connection.
     */
    private static void abort(InputStream body) {
        try {
            if (body instanceof EofSensorInputStream http) {
                http.abort();
            } else if (body != null) {
                body.close();
            }
        } catch (IOException e) {
            LOG.debug("Aborting a download: {}", e.getMessage());
        }
    }

    private void verify(MediaMessage media, String source, long size, String digest, Long declared) {
        String what = "media " + media.mediaId() + " from " + source;
        if (declared != null && declared != size) {
            throw new MediaVerificationException(what + " was cut short: " + size + " of " + declared + " bytes");
        }
        if (media.fileSize() != null && media.fileSize() != size) {
            throw new MediaVerificationException(
                    what + " has " + size + " bytes, the webhook announced " + media.fileSize());
        }
        if (sha256Check != FetchProperties.Sha256Check.OFF
                && media.sha256() != null
                && !media.sha256().isBlank()
                && !media.sha256().equals(digest)) {
            String mismatch = what + " has sha256 " + digest + ", the webhook announced " + media.sha256();
            if (sha256Check == FetchProperties.Sha256Check.STRICT) {
                throw new MediaVerificationException(mismatch);
            }
            LOG.warn("{}; stored anyway (media.verify.sha256=warn)", mismatch);
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("Could not delete staged file {}: {}", file, e.getMessage());
        }
    }
}
