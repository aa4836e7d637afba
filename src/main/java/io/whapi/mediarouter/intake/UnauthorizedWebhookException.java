package io.whapi.mediarouter.intake;

/** The webhook did not carry a valid secret; the intake answers 401 and processes nothing. */
public class UnauthorizedWebhookException extends RuntimeException {

    public UnauthorizedWebhookException(String reason) {
        super(reason);
    }
}
