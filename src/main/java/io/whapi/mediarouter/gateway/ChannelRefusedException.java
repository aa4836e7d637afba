package io.whapi.mediarouter.gateway;

/** The gateway answered 401 or 403 to a channel's token: a configuration error no retry heals. */
public class ChannelRefusedException extends RuntimeException {

    public ChannelRefusedException(String message) {
        super(message);
    }
}
