package io.whapi.mediarouter.erasure;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An erasure on request: what was asked (identifiers as keyed hashes only), each media and sink
 * to delete from, and once every item is deleted or absent, the signed receipt.
 *
 * @param asked     the request, each identifier a keyed hash ({@link Receipts#hash})
 * @param buried    the messages it buried, "channel\nmessage", whose records the connector purges
 *                  once it is done (then emptied: a done erasure keeps no message id)
 * @param attempts  rounds over the items that left some failed
 * @param nextRound when the failed items are tried again
 */
public record Erasure(
        String id,
        String state,
        Map<String, Object> asked,
        Instant requestedAt,
        String requestedBy,
        List<String> buried,
        List<ErasureItem> items,
        int attempts,
        Instant nextRound,
        Instant completedAt,
        Map<String, Object> receipt) {

    public static final String RUNNING = "running";
    public static final String DONE = "done";
    public static final String FAILED = "failed";

    /** As the operations API shows it: each item's sink, key, result and detail, never the message it was. */
    public Map<String, Object> shown() {
        Map<String, Object> shown = new LinkedHashMap<>();
        shown.put("id", id);
        shown.put("state", state);
        shown.put("requestedAt", requestedAt);
        shown.put("requestedBy", requestedBy);
        shown.put("asked", asked);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (ErasureItem item : items) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("sink", item.sink());
            row.put("key", item.key());
            row.put("result", item.result());
            row.put("detail", item.detail());
            rows.add(row);
        }
        shown.put("items", rows);
        shown.put("attempts", attempts);
        shown.put("nextRound", nextRound);
        shown.put("completedAt", completedAt);
        shown.put("receipt", receipt);
        return shown;
    }
}
