package io.whapi.mediarouter.fetch;

import java.io.File;
import java.nio.file.Path;

/**
 * A downloaded and verified media file in the staging folder.
 *
 * @param sha256 Base64 SHA-256 of the bytes, computed while they streamed in
 * @param source where the bytes came from: {@code link} or {@code gateway}
 */
public record StagedMedia(Path path, long size, String sha256, String source) {

    /** The staged file as the body a sink endpoint streams from (file and S3 producers read it directly). */
    public File file() {
        return path.toFile();
    }

    /**
     * What the fan-out's "Stored" line says of it, {@code 25950 bytes from link}: read there as
     * {@code ${variable.stagedMedia}}, since each {@code ${variable.stagedMedia.size}} would be an
     * OGNL call (two exchange copies) per media.
     */
    @Override
    public String toString() {
        return size + " bytes from " + source;
    }
}
