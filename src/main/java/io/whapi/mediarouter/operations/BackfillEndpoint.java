package io.whapi.mediarouter.operations;

import io.whapi.mediarouter.reconcile.Backfill;
import io.whapi.mediarouter.reconcile.Backfills;
import java.security.Principal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.WebEndpoint;
import org.springframework.lang.Nullable;

/**
 * {@code POST /actuator/backfill} with {@code {"channelId","from","to"}} (ISO instants; {@code to}
 * defaults to now) starts a backfill and answers its id; {@code GET /actuator/backfill} shows each
 * one's progress and state. Behind the operations login.
 */
@WebEndpoint(id = "backfill")
public class BackfillEndpoint {

    private final Backfills backfills;

    public BackfillEndpoint(Backfills backfills) {
        this.backfills = backfills;
    }

    @ReadOperation
    public Map<String, Object> list() {
        return Map.of("backfills", backfills.all());
    }

    @WriteOperation
    public WebEndpointResponse<Map<String, Object>> start(
            String channelId, String from, @Nullable String to, Principal user) {
        Instant start;
        Instant end;
        try {
            start = Instant.parse(from);
            end = to == null || to.isBlank() ? Instant.now() : Instant.parse(to);
        } catch (DateTimeParseException e) {
            return new WebEndpointResponse<>(
                    Map.of("error", "from and to are ISO instants, e.g. 2026-10-01T00:00:00Z"), 400);
        }
        if (!start.isBefore(end)) {
            return new WebEndpointResponse<>(Map.of("error", "from must be before to"), 400);
        }
        Backfill backfill = backfills.start(channelId, start, end, user.getName());
        return new WebEndpointResponse<>(Map.of("id", backfill.id(), "state", backfill.state()), 202);
    }
}
