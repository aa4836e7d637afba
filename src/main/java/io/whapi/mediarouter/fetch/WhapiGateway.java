package io.whapi.mediarouter.fetch;

import io.whapi.mediarouter.webhook.MediaMessage;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** Credentials for Get Media. The token is read here and sent nowhere but the gateway. */
@Component
public class WhapiGateway {

    private final String token;

    public WhapiGateway(@Value("${whapi.token:}") String token) {
        this.token = token == null ? "" : token.trim();
    }

    /** The Authorization header for Get Media of this message's channel. */
    public String authorization(MediaMessage media) {
        if (token.isEmpty()) {
            throw new MissingTokenException("whapi.token (WHAPI_TOKEN) is not set, so Get Media cannot fetch media "
                    + media.mediaId() + (media.hasLink() ? " after its link failed" : ", which has no link"));
        }
        return "Bearer " + token;
    }
}
