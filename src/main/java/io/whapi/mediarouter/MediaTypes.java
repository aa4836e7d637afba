package io.whapi.mediarouter;

import java.util.List;

/** The Whapi message types that carry a file of their own. */
public final class MediaTypes {

    public static final List<String> ALL =
            List.of("image", "video", "gif", "short", "audio", "voice", "document", "sticker");

    /** A document sent with a caption; its file is described by a {@code document} object. */
    public static final String DOCUMENT_WITH_CAPTION = "documentWithCaption";

    private MediaTypes() {}
}
