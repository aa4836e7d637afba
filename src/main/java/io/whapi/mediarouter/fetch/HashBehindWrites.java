package io.whapi.mediarouter.fetch;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * A large download's SHA-256, computed on a thread of its own a few buffers behind the writes, so
 * that the download's thread only reads the socket and writes the staged file. It lends that
 * thread {@link #BUFFERS} buffers; each one written goes to the hashing thread in batches of
 * {@link #BATCH} (one hand-over per half MiB, not per buffer) and comes back once hashed. When the
 * hashing falls behind by all the buffers, the download waits for one.
 *
 * <p>Why this shape: two earlier tries (docs/benchmarks.md, 2026-12-05) handed each buffer over
 * on its own with eight lent at a time, and were no faster: the download waited for a buffer
 * whenever the hashing thread was late to get one of the two cores, and paid a wake-up per
 * buffer. Thirty-two buffers (2 MiB per large download in work) ride that out, and a batch wakes
 * the hashing thread once per half MiB. 1 GiB through Get Media to the file sink on a fresh JVM,
 * jars taking turns, twelve pairs: 1.77 s from the POST to the stored media against 2.23 s,
 * faster in ten pairs, at about the same CPU (2.73 against 2.67 s per GiB).
 */
final class HashBehindWrites implements AutoCloseable {

    private static final int BUFFERS = 32;
    private static final int BATCH = 8;

    private record Chunk(byte[] buffer, int length) {}

    /** After the last batch: compared by identity, never a batch of its own (one is never empty). */
    private static final List<Chunk> END = List.of();

    private final MessageDigest digest;
    private final BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(BUFFERS);
    private final BlockingQueue<List<Chunk>> written = new ArrayBlockingQueue<>(BUFFERS / BATCH + 1);
    private final Future<?> hashing;
    private List<Chunk> batch = new ArrayList<>(BATCH);

    /** Takes the digest over: nothing else may touch it until {@link #finish} has returned. */
    HashBehindWrites(MessageDigest digest, int bufferSize, ExecutorService threads) {
        this.digest = digest;
        for (int i = 0; i < BUFFERS; i++) {
            free.add(new byte[bufferSize]);
        }
        this.hashing = threads.submit(this::hashUntilTheEnd);
    }

    private Void hashUntilTheEnd() throws InterruptedException {
        for (List<Chunk> chunks; (chunks = written.take()) != END; ) {
            for (Chunk chunk : chunks) {
                digest.update(chunk.buffer(), 0, chunk.length());
                free.add(chunk.buffer());
            }
        }
        return null;
    }

    /** A buffer to read into: one the hashing thread is done with. */
    byte[] nextBuffer() throws IOException {
        try {
            byte[] buffer;
            while ((buffer = free.poll(1, TimeUnit.SECONDS)) == null) {
                if (hashing.isDone()) {
                    throw new IOException("the hashing thread stopped");
                }
            }
            return buffer;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted waiting for a buffer to read into");
        }
    }

    /** The buffer's first length bytes, written: hashed behind, and the buffer lent again after. */
    void written(byte[] buffer, int length) throws IOException {
        batch.add(new Chunk(buffer, length));
        if (batch.size() == BATCH) {
            handOver(batch);
            batch = new ArrayList<>(BATCH);
        }
    }

    /** Returns once every byte written is in the digest. */
    void finish() throws IOException {
        if (!batch.isEmpty()) {
            handOver(batch);
            batch = new ArrayList<>(BATCH);
        }
        handOver(END);
        try {
            hashing.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted waiting for the hash");
        } catch (ExecutionException e) {
            throw new IOException("the hash failed", e.getCause());
        }
    }

    private void handOver(List<Chunk> chunks) throws IOException {
        try {
            written.put(chunks);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted handing a batch to the hash");
        }
    }

    /**
     * Stops the hashing thread, unless it is done: a download that failed (what it hashed is thrown
     * away), or one whose end never reached it.
     */
    @Override
    public void close() {
        hashing.cancel(true);
    }
}
