package io.whapi.mediarouter.deadletter;

import java.util.List;
import java.util.Optional;

/**
 * Where dead letters wait for an operator: beside the ledger, so that every replica that shares
 * a ledger sees the same dead letters. Files in {@code {work-dir}/dead-letter/} with the file
 * ledger (one connector per work dir), a table with the JDBC ledger (any replica lists, replays
 * and discards). An entry is the JSON DeadLetters writes; its id is the file name's stem, the
 * same in both stores.
 */
public interface DeadLetterStore {

    /** Adds the entry, or replaces the one with this id; listed by its dead_lettered_at. */
    void add(String id, String entry);

    /** Newest dead_lettered_at first, ties by id. */
    List<String> entries(int limit, int offset);

    int total();

    Optional<String> entry(String id);

    /** False when there was no such dead letter (already replayed or discarded by someone else). */
    boolean remove(String id);
}
