package io.whapi.mediarouter.sinks;

import io.whapi.mediarouter.MediaMessage;
import io.whapi.mediarouter.MediaVariables;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.Variable;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The one place that decides where a media is stored: {@code media.key-template}, by default
 * {@code {channel}/{type}/{yyyy}/{MM}/{dd}/{messageId}.{ext}}, the same key in every sink.
 * Every value comes from the webhook and is untrusted, so each is reduced to a safe path segment;
 * the template itself is checked at startup, so neither can climb out of a sink's root.
 */
@Component
public class StorageKeys {

    static final String DEFAULT_TEMPLATE = "{channel}/{type}/{yyyy}/{MM}/{dd}/{messageId}.{ext}";
    static final int MAX_SEGMENT_LENGTH = 128;
    private static final int MAX_EXTENSION_LENGTH = 16;
    private static final Pattern VARIABLE = Pattern.compile("\\{([A-Za-z]+)}");
    private static final Set<String> VARIABLES =
            Set.of("channel", "chat", "type", "yyyy", "MM", "dd", "messageId", "mediaId", "ext", "fileName");

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

    private final String template;

    @Autowired
    public StorageKeys(SinkProperties media) {
        this(media.getKeyTemplate());
    }

    /** @param template checked when the settings are bound ({@link #templateProblem}), and here as the last guard */
    public StorageKeys(String template) {
        String problem = templateProblem(template);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        this.template = template;
    }

    public String keyFor(@Variable(MediaVariables.MEDIA) MediaMessage media) {
        LocalDate day =
                Instant.ofEpochSecond(media.timestamp()).atZone(ZoneOffset.UTC).toLocalDate();
        String ext = extension(media);
        Matcher variable = VARIABLE.matcher(template);
        StringBuilder key = new StringBuilder();
        while (variable.find()) {
            String value = switch (variable.group(1)) {
                case "channel" -> distinctSegment(media.channelId());
                case "chat" -> distinctSegment(media.chatId());
                case "type" -> segment(media.type());
                case "yyyy" -> zeroPadded(day.getYear(), 4);
                case "MM" -> zeroPadded(day.getMonthValue(), 2);
                case "dd" -> zeroPadded(day.getDayOfMonth(), 2);
                case "messageId" -> distinctSegment(media.messageId());
                case "mediaId" -> distinctSegment(media.mediaId());
                case "ext" -> ext;
                case "fileName" ->
                    media.fileName() == null || media.fileName().isBlank()
                            ? distinctSegment(media.mediaId()) + "." + ext
                            : distinctSegment(media.fileName());
                default -> throw new IllegalStateException("checked at startup: " + variable.group(1));
            };
            variable.appendReplacement(key, Matcher.quoteReplacement(value));
        }
        variable.appendTail(key);
        // values are single safe segments and the template was checked, so this cannot fail;
        // it stays as the last guard between a webhook and a path
        for (String segment : key.toString().split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw new IllegalStateException("unsafe storage key " + key);
            }
        }
        return key.toString();
    }

    /**
     * Why a template cannot be used, with the fix, or null when it can. A template may only be
     * made of variables, safe characters and {@code /}: no absolute path, no {@code ..}, no empty
     * folder, no control character. It must name {@code {messageId}}, so that two messages never
     * share a key and never overwrite each other. Checked when the settings are bound.
     */
    public static String templateProblem(String template) {
        String fix = " Set media.key-template to variables from " + VARIABLES
                + " joined by letters, digits, '.', '_', '-' and '/', e.g. " + DEFAULT_TEMPLATE;
        String literal = VARIABLE.matcher(template).replaceAll("x");
        Matcher variable = VARIABLE.matcher(template);
        while (variable.find()) {
            if (!VARIABLES.contains(variable.group(1))) {
                return "media.key-template has an unknown variable {" + variable.group(1) + "}." + fix;
            }
        }
        if (!literal.chars().allMatch(c -> isSafe(c) || c == '/')) {
            return "media.key-template may hold only letters, digits, '.', '_', '-', '/' and variables." + fix;
        }
        if (template.startsWith("/") || template.endsWith("/") || template.contains("//") || template.contains("..")) {
            return "media.key-template must be a relative path with no empty or '..' part." + fix;
        }
        if (!template.contains("{messageId}")) {
            return "media.key-template must contain {messageId}, or two messages could share a key." + fix;
        }
        return null;
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
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(String.valueOf(value).getBytes(StandardCharsets.UTF_8));
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
            value.codePoints().limit(MAX_SEGMENT_LENGTH).forEach(c -> safe.append(isSafe(c) ? (char) c : '_'));
        }
        String result = safe.toString();
        return result.isEmpty() || result.equals(".") || result.equals("..") ? "_" : result;
    }

    /**
     * As {@code String.format("%0<width>d")} for the numbers of a date (a webhook's timestamp is
     * untrusted: its year may even be negative), without the Formatter it builds: String.format
     * was two thirds of keyFor's CPU, 1.7% of all the CPU per stored media in a JFR profile of
     * {@code bench/run.sh --only small-file}.
     */
    static String zeroPadded(int value, int width) {
        if (value < 0) {
            return "-" + zeroPadded(-value, width - 1);
        }
        String digits = Integer.toString(value);
        return digits.length() >= width ? digits : "0".repeat(width - digits.length()) + digits;
    }

    /** From the document's file name, else from the mime type, else {@code bin}. */
    static String extension(MediaMessage media) {
        String fromName = fileNameExtension(media.fileName());
        if (fromName != null) {
            return fromName;
        }
        String mime = media.mimeType() == null
                ? ""
                : media.mimeType().split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
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
        return !extension.isEmpty()
                && extension.length() <= MAX_EXTENSION_LENGTH
                && extension.chars().allMatch(c -> (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'));
    }

    private static boolean isSafe(int c) {
        return (c >= 'A' && c <= 'Z')
                || (c >= 'a' && c <= 'z')
                || (c >= '0' && c <= '9')
                || c == '.'
                || c == '_'
                || c == '-';
    }
}
