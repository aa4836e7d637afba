package io.whapi.mediarouter.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The bytes the shared samples' {@code file_size} and {@code sha256} describe: the line
 * {@code whapi-sample:<media id>\n} repeated and cut to the size. Generated, never held whole.
 */
public final class SampleMedia {

    private SampleMedia() {}

    public static byte[] unit(String mediaId) {
        return ("whapi-sample:" + mediaId + "\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** Writes the first {@code size} bytes, or only {@code limit} of them when limit is smaller. */
    public static void write(String mediaId, long size, long limit, OutputStream out) throws IOException {
        byte[] unit = unit(mediaId);
        byte[] chunk = new byte[unit.length * Math.max(1, 65536 / unit.length)];
        for (int i = 0; i < chunk.length; i++) {
            chunk[i] = unit[i % unit.length];
        }
        long remaining = Math.min(size, limit);
        while (remaining > 0) {
            int n = (int) Math.min(chunk.length, remaining);
            out.write(chunk, 0, n);
            remaining -= n;
        }
    }

    /** Writes bytes {@code from} (inclusive) to {@code to} (exclusive) of the sample. */
    public static void writeRange(String mediaId, long from, long to, OutputStream out) throws IOException {
        byte[] unit = unit(mediaId);
        byte[] chunk = new byte[(int) (to - from)];
        for (int i = 0; i < chunk.length; i++) {
            chunk[i] = unit[(int) ((from + i) % unit.length)];
        }
        out.write(chunk);
    }

    public static byte[] bytes(String mediaId, int size) {
        byte[] unit = unit(mediaId);
        byte[] bytes = new byte[size];
        for (int i = 0; i < size; i++) {
            bytes[i] = unit[i % unit.length];
        }
        return bytes;
    }

    /** Base64 SHA-256 of a stream, read once and never held whole: for checking stored media. */
    public static String sha256(InputStream in) throws IOException {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            try (InputStream digesting = new DigestInputStream(in, digest)) {
                digesting.transferTo(OutputStream.nullOutputStream());
            }
            return Base64.getEncoder().encodeToString(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String sha256(String mediaId, long size) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            write(mediaId, size, size, new OutputStream() {
                @Override
                public void write(int b) {
                    digest.update((byte) b);
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    digest.update(b, off, len);
                }
            });
            return Base64.getEncoder().encodeToString(digest.digest());
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
