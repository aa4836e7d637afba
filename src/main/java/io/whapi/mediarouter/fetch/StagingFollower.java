package io.whapi.mediarouter.fetch;

import java.nio.file.Path;

/**
 * Something that starts on a download while {@link StagingArea} is still writing it (an S3 sink
 * sending the parts already staged). Set in variable {@code stagingFollowers} before the fetch.
 * It must not keep the download waiting: each call returns at once. A download attempt is {@link
 * #started}, then {@link #staged} as it grows, then either {@link #verified} or {@link #failed}; a
 * fallback to Get Media or a retry is a new attempt.
 */
public interface StagingFollower {

    /** A new attempt writes to this file; whatever an earlier attempt began is to be dropped. */
    void started(Path part);

    /** The first {@code bytes} of the file are written and readable. */
    void staged(long bytes);

    /** The whole file is written and verified: what went ahead may now be made final. */
    void verified(StagedMedia media);

    /** The attempt failed: what went ahead must not be kept. */
    void failed();
}
