package io.whapi.mediarouter.operations;

import io.whapi.mediarouter.provenance.Provenance;
import java.util.Map;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.WebEndpoint;

/**
 * {@code GET /actuator/media/{channelId}/{messageId}}: where a message's media went, from the
 * provenance log; 404 when the connector never saw the message.
 */
@WebEndpoint(id = "media")
public class MediaEndpoint {

    private final Provenance provenance;

    public MediaEndpoint(Provenance provenance) {
        this.provenance = provenance;
    }

    @ReadOperation
    public WebEndpointResponse<Map<String, Object>> provenance(@Selector String channelId, @Selector String messageId) {
        Map<String, Object> answer = provenance.of(channelId, messageId);
        return answer == null
                ? new WebEndpointResponse<>(Map.of("error", "the connector never saw message " + messageId), 404)
                : new WebEndpointResponse<>(answer, 200);
    }
}
