package io.whapi.mediarouter.operations;

import io.whapi.mediarouter.deadletter.DeadLetterOperations;
import java.security.Principal;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.WebEndpoint;
import org.springframework.lang.Nullable;

/**
 * {@code /actuator/deadletters}: list (newest first, {@code limit} and {@code offset}), replay one
 * ({@code POST /{id}}), replay all ({@code POST}), discard one ({@code DELETE /{id}}). On the
 * management port, behind the login ({@link OperationsSecurity}).
 */
@WebEndpoint(id = "deadletters")
public class DeadLettersEndpoint {

    private final DeadLetterOperations deadLetters;

    public DeadLettersEndpoint(DeadLetterOperations deadLetters) {
        this.deadLetters = deadLetters;
    }

    @ReadOperation
    public Map<String, Object> list(@Nullable Integer limit, @Nullable Integer offset) {
        Page page = Page.of(limit, offset);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("deadLetters", deadLetters.list(page.limit(), page.offset()));
        answer.put("total", deadLetters.total());
        return answer;
    }

    @WriteOperation
    public Map<String, Object> replayAll(Principal user) {
        return Map.of("replayed", deadLetters.replayAll(user.getName()));
    }

    @WriteOperation
    public WebEndpointResponse<Map<String, Object>> replay(@Selector String id, Principal user) {
        return deadLetters.replay(id, user.getName())
                ? new WebEndpointResponse<>(Map.of("replayed", id), 200)
                : notFound(id);
    }

    @DeleteOperation
    public WebEndpointResponse<Map<String, Object>> discard(@Selector String id, Principal user) {
        return deadLetters.discard(id, user.getName())
                ? new WebEndpointResponse<>(Map.of("discarded", id), 200)
                : notFound(id);
    }

    private static WebEndpointResponse<Map<String, Object>> notFound(String id) {
        return new WebEndpointResponse<>(Map.of("error", "no dead letter " + id), 404);
    }
}
