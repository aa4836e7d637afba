package io.whapi.managementport;

import io.whapi.mediarouter.erasure.Erasure;
import io.whapi.mediarouter.erasure.Erasures;
import io.whapi.mediarouter.operations.OperationsSwitch;
import java.security.Principal;
import java.util.List;
import java.util.Map;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextType;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Import;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /actuator/erasures} with exactly one of {@code {"chatId"}}, {@code {"from"}} (a
 * sender) or {@code {"messageIds": [...]}}, and an optional {@code "channelId"} (required with
 * messageIds), starts an erasure: 202 with its id. {@code GET /actuator/erasures} lists them,
 * {@code GET /actuator/erasures/{id}} shows one with its items and, once done, its receipt.
 *
 * <p>A controller of the actuator's own server rather than an actuator endpoint: an endpoint's
 * write operation takes a body of strings only, and messageIds is a list. Behind the same login
 * as the operations API, and only when that API is on.
 */
@ManagementContextConfiguration(value = ManagementContextType.CHILD, proxyBeanMethods = false)
@Conditional(OperationsSwitch.class)
@Import(ErasuresApi.Controller.class)
public class ErasuresApi {

    @RestController
    static class Controller {

        private final Erasures erasures;

        Controller(Erasures erasures) {
            this.erasures = erasures;
        }

        @GetMapping("/actuator/erasures")
        Map<String, Object> list() {
            return Map.of(
                    "erasures", erasures.all().stream().map(Erasure::shown).toList());
        }

        @GetMapping("/actuator/erasures/{id}")
        ResponseEntity<Map<String, Object>> get(@PathVariable String id) {
            return erasures.get(id)
                    .map(e -> ResponseEntity.ok(e.shown()))
                    .orElseGet(() -> ResponseEntity.status(404).body(Map.of("error", "no erasure " + id)));
        }

        @PostMapping("/actuator/erasures")
        ResponseEntity<Map<String, Object>> start(
                @RequestBody(required = false) Map<String, Object> body, Principal user) {
            if (!erasures.ready()) {
                return refused("erasures need media.erasure.receipt-secret (env MEDIA_ERASURE_RECEIPTSECRET):"
                        + " it signs the receipts and keys the tombstones");
            }
            Map<String, Object> given = body == null ? Map.of() : body;
            List<String> unknown = given.keySet().stream()
                    .filter(key -> !List.of("chatId", "from", "messageIds", "channelId")
                            .contains(key))
                    .toList();
            if (!unknown.isEmpty()) {
                return refused("unknown fields " + unknown + ": give chatId, from or messageIds, and channelId");
            }
            for (String text : List.of("chatId", "from", "channelId")) {
                if (given.get(text) != null && !(given.get(text) instanceof String)) {
                    return refused(text + " is a string");
                }
            }
            Object ids = given.get("messageIds");
            if (ids != null && !(ids instanceof List<?> list && list.stream().allMatch(String.class::isInstance))) {
                return refused("messageIds is a non-empty list of message ids");
            }
            @SuppressWarnings("unchecked")
            Erasures.Request request = new Erasures.Request(
                    (String) given.get("chatId"), (String) given.get("from"), (List<String>) ids, (String)
                            given.get("channelId"));
            String problem = request.problem();
            if (problem != null) {
                return refused(problem);
            }
            Erasure erasure = erasures.start(request, user.getName());
            return ResponseEntity.status(202).body(Map.of("id", erasure.id(), "state", erasure.state()));
        }

        private static ResponseEntity<Map<String, Object>> refused(String problem) {
            return ResponseEntity.badRequest().body(Map.of("error", problem));
        }
    }
}
