package io.whapi.mediarouter.operations;

/**
 * The page an operations list answers with: {@code limit} items (100 when not asked) from
 * {@code offset} (0), neither below zero.
 */
record Page(int limit, int offset) {

    static final int DEFAULT_LIMIT = 100;

    static Page of(Integer limit, Integer offset) {
        return new Page(limit == null ? DEFAULT_LIMIT : Math.max(0, limit), offset == null ? 0 : Math.max(0, offset));
    }
}
