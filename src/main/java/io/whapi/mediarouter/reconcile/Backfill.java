package io.whapi.mediarouter.reconcile;

import java.time.Instant;

/**
 * One backfill of a channel's media between two instants, and how far it got: its checkpoint is
 * the offset of the next page to list, saved after each page is queued, so a restart (or another
 * replica, once the lease of a dead one ran out) goes on from there.
 */
public record Backfill(
        String id,
        String channelId,
        Instant from,
        Instant to,
        String state,
        long offset,
        int pagesRead,
        int mediaFound,
        int queued,
        int alreadyKnown,
        int failed,
        String error,
        Instant startedAt,
        Instant updatedAt,
        String startedBy) {

    public static final String RUNNING = "running";
    public static final String DONE = "done";
    public static final String FAILED = "failed";

    Backfill afterPage(int pageSize, HistoryIntake.Outcome outcome) {
        return new Backfill(
                id,
                channelId,
                from,
                to,
                state,
                offset + pageSize,
                pagesRead + 1,
                mediaFound + outcome.listed(),
                queued + outcome.queued(),
                alreadyKnown + outcome.listed() - outcome.queued(),
                failed,
                error,
                startedAt,
                Instant.now(),
                startedBy);
    }

    Backfill ended(String newState, int failedMedia, String reason) {
        return new Backfill(
                id,
                channelId,
                from,
                to,
                newState,
                offset,
                pagesRead,
                mediaFound,
                queued,
                alreadyKnown,
                failed + failedMedia,
                reason,
                startedAt,
                Instant.now(),
                startedBy);
    }
}
