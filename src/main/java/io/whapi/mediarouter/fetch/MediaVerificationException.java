package io.whapi.mediarouter.fetch;

/** The downloaded bytes are not the announced file: wrong size, wrong checksum or cut short. */
public class MediaVerificationException extends RuntimeException {

    public MediaVerificationException(String message) {
        super(message);
    }
}
