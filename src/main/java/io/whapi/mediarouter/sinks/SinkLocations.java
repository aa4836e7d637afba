package io.whapi.mediarouter.sinks;

import io.whapi.mediarouter.config.MediaProperties;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Where a stored media is in each sink, as events tell it: a local path, a bucket and key, or
 * an FTP/SFTP URL. Made from the sink's URI without what could be a credential: no user, no
 * password, no query option (keys, passwords and tokens live there).
 */
@Component
public class SinkLocations {

    private final Map<String, Location> locations = new LinkedHashMap<>();

    public SinkLocations(MediaProperties media) {
        media.getSinks().forEach((name, sink) -> locations.put(name, Location.of(sink)));
    }

    /** The sink's name and where the media stored under this key is in it. */
    public Map<String, Object> locate(String sink, String key) {
        Map<String, Object> where = new LinkedHashMap<>();
        where.put("name", sink);
        Location location = locations.get(sink);
        if (location != null) {
            location.describe(key, where);
        }
        return where;
    }

    private record Location(String scheme, String root) {

        static Location of(MediaProperties.Sink sink) {
            String uri = sink.getUri();
            String scheme = sink.scheme();
            String rest = uri.substring(scheme.length() + 1);
            int query = rest.indexOf('?');
            rest = query < 0 ? rest : rest.substring(0, query);
            if (rest.startsWith("//")) {
                rest = rest.substring(2);
            }
            if (scheme.equals("ftp") || scheme.equals("ftps") || scheme.equals("sftp")) {
                int slash = rest.indexOf('/');
                String authority = slash < 0 ? rest : rest.substring(0, slash);
                String folder = slash < 0 ? "" : rest.substring(slash + 1);
                String host = authority.substring(authority.lastIndexOf('@') + 1);
                rest = host + "/" + (folder.isEmpty() || folder.endsWith("/") ? folder : folder + "/");
            }
            return new Location(scheme, rest);
        }

        void describe(String key, Map<String, Object> where) {
            switch (scheme) {
                case "file" ->
                    where.put(
                            "path",
                            Path.of(root)
                                    .toAbsolutePath()
                                    .normalize()
                                    .resolve(key)
                                    .toString());
                case "aws2-s3" -> {
                    where.put("bucket", root);
                    where.put("key", key);
                }
                default -> where.put("url", scheme + "://" + root + key);
            }
        }
    }
}
