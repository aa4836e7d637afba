package io.whapi.mediarouter.sinks;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Where a stored media is in each sink, as provenance and events tell it: made from the sink's
 * URI by its kind's {@code location} pattern ({@link SinkKind#locate}), so without what could be
 * a credential: no user, no password, no query option (keys, passwords and tokens live there).
 */
@Component
public class SinkLocations {

    private final SinkProperties media;
    private final SinkKinds kinds;

    public SinkLocations(SinkProperties media, SinkKinds kinds) {
        this.media = media;
        this.kinds = kinds;
    }

    /** The sink's name and where the media stored under this key is in it. */
    public Map<String, Object> locate(String sink, String key) {
        Map<String, Object> where = new LinkedHashMap<>();
        where.put("name", sink);
        SinkProperties.Sink configured = media.getSinks().get(sink);
        SinkKind kind = configured == null ? null : kinds.forScheme(configured.scheme());
        if (kind != null) {
            where.putAll(kind.locate(configured.getUri(), key));
        }
        return where;
    }
}
