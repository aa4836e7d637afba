package io.whapi.mediarouter.state;

import java.util.List;
import java.util.Optional;

/**
 * Long-running work that survives a restart, one JSON document per record (backfills, erasures):
 * files under the work dir, or a table that replicas share, where a lease keeps two of them from
 * working on the same record and lets another take it on when the one holding it died.
 */
public interface LeasedRecords<T> {

    /** How long a claim holds: the record of a replica that died waits this long for another. */
    long LEASE_MILLIS = 120_000;

    /** Writes the record, replacing what was saved under its id. */
    void save(T record);

    List<T> all();

    Optional<T> get(String id);

    /** Whether this replica may work on it until {@code leaseUntil}: its own lease, or an expired one. */
    boolean claim(String id, String owner, long leaseUntil);
}
