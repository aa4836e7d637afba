package io.whapi.mediarouter.provenance;

import java.util.List;
import java.util.Map;

/**
 * What happened to a message, step by step, for "where did this media go": taken in (and how),
 * fetched (from where, bytes, sha256, attempts), stored in each sink, each event published,
 * dead-lettered, replayed. Kept beside the ledger (files with the file ledger, the shared table
 * with the JDBC one) and expired with it.
 */
public interface ProvenanceLog extends AutoCloseable {

    /** Appends one step: its name, when, and what it says. */
    void append(String channelId, String messageId, Map<String, Object> step);

    /** Every step of the message, oldest first; empty when the connector never saw it. */
    List<Map<String, Object>> steps(String channelId, String messageId);

    /** Forgets every step of the message (an erasure): afterwards it is as if never seen. */
    void purge(String channelId, String messageId);

    /** Writes what it still holds; the file log holds nothing. */
    @Override
    default void close() {}
}
