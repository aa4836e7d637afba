package io.whapi.mediarouter.storage;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;

import io.whapi.mediarouter.webhook.MediaMessage;
import org.springframework.stereotype.Component;

/**
 * The one place that decides where a media is stored:
 * {@code {channel}/{type}/{yyyy}/{MM}/{dd}/{messageId}.{ext}}, the same key in every sink.
 * Every value comes from the webhook and is untrusted, so each is reduced to a safe path segment.
 */
@Component
public class StorageKeys {

    static final int MAX_SEGMENT_LENGTH = 128;
    private static final int MAX_EXTENSION_LENGTH = 16;

    /** Extensions for the mime types Whapi sends; others fall back to a plain subtype, else {@code bin}. */
    private static final Map<String, String> EXTENSIONS = Map.ofEntries(
            Map.entry("image/jpeg", "jpg"),
            Map.entry("image/png", "png"),
            Map.entry("image/webp", "webp"),
            Map.entry("image/gif", "gif"),
            Map.entry("video/mp4", "mp4"),
            Map.entry("video/3gpp", "3gp"),
            Map.entry("video/quicktime", "mov"),
            Map.entry("audio/ogg", "ogg"),
            Map.entry("audio/mpeg", "mp3"),
            Map.entry("audio/mp4", "m4a"),
            Map.entry("audio/aac", "aac"),
            Map.entry("audio/amr", "amr"),
            Map.entry("application/pdf", "pdf"),
            Map.entry("application/zip", "zip"),
            Map.entry("application/msword", "doc"),
            Map.entry("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
            Map.entry("application/vnd.ms-excel", "xls"),
            Map.entry("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
            Map.entry("application/vnd.ms-powerpoint", "ppt"),
            Map.entry("application/vnd.openxmlformats-officedocument.presentationml.presentation", "pptx"),
            Map.entry("text/plain", "txt"),
            Map.entry("text/csv", "csv"));

    public String keyFor(MediaMessage media) {
        LocalDate day = Instant.ofEpochSecond(media.timestamp()).atZone(ZoneOffset.UTC).toLocalDate();
        return String.join("/",
                distinctSegment(media.channelId()),
                segment(media.type()),
                String.format("%04d", day.getYear()),
                String.format("%02d", day.getMonthValue()),
                String.format("%02d", day.getDayOfMonth()),
                distinctSegment(media.messageId()) + "." + extension(media));
    }

    /**
     * A segment that stays apart from every other value: when sanitising changed the value, a
     * short hash of the original is appended, so {@code a/b} and {@code a_b} (or two ids cut at
     * 128 characters) never share a key and never overwrite each other.
     */
    public static String distinctSegment(String value) {
        String safe = segment(value);
        if (safe.equals(value)) {
            return safe;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(String.valueOf(value).getBytes(StandardCharsets.UTF_8));
            return safe + "-" + HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * One path segment: characters outside {@code [A-Za-z0-9._-]} become {@code _}, at most
     * 128 characters, and {@code .}, {@code ..} or nothing become {@code _}, so no value can
     * climb out of a sink's root or name a folder of its own.
     */
    public static String segment(String value) {
        StringBuilder safe = new StringBuilder();
        if (value != null) {
            value.codePoints().limit(MAX_SEGMENT_LENGTH)
                    .forEach(c -> safe.append(isSafe(c) ? (char) c : '_'));
        }
        String result = safe.toString();
        return result.isEmpty() || result.equals(".") || result.equals("..") ? "_" : result;
    }

    /** From the document's file name, else from the mime type, else {@code bin}. */
    static String extension(MediaMessage media) {
        String fromName = fileNameExtension(media.fileName());
        if (fromName != null) {
            return fromName;
        }
        String mime = media.mimeType() == null ? "" : media.mimeType().split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        String known = EXTENSIONS.get(mime);
        if (known != null) {
            return known;
        }
        String subtype = mime.substring(mime.indexOf('/') + 1);
        return mime.contains("/") && isPlainExtension(subtype) ? subtype : "bin";
    }

    private static String fileNameExtension(String fileName) {
        if (fileName == null) {
            return null;
        }
        int dot = fileName.lastIndexOf('.');
        String extension = dot < 0 ? "" : fileName.substring(dot + 1).toLowerCase(Locale.ROOT);
        return isPlainExtension(extension) ? extension : null;
    }

    private static boolean isPlainExtension(String extension) {
        return !extension.isEmpty() && extension.length() <= MAX_EXTENSION_LENGTH
                && extension.chars().allMatch(c -> (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'));
    }

    private static boolean isSafe(int c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                || c == '.' || c == '_' || c == '-';
    }
}
