package io.whapi.mediarouter.intake;

/** The webhook body is not a JSON object; the intake answers 400 with this message. */
public class MalformedWebhookException extends RuntimeException {

    public MalformedWebhookException(String message) {
        super(message);
    }
}
