package io.whapi.mediarouter.reconcile;

import java.util.List;
import java.util.Optional;

/**
 * Backfills and their checkpoints, beside the ledger: files with the file ledger, a table of the
 * JDBC ledger's database otherwise, where a lease keeps two replicas from working on one.
 */
public interface BackfillStore {

    void save(Backfill backfill);

    List<Backfill> all();

    Optional<Backfill> get(String id);

    /** Whether this replica may work on it until {@code leaseUntil}: its own lease, or an expired one. */
    boolean claim(String id, String owner, long leaseUntil);
}
