package io.whapi.mediarouter.events;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What an event sink's failure may show: its reason, never a key its URI carries. */
class EventPublisherTest {

    @Test
    void aFailureReasonLosesTheUserInfoAndQueryOfAnyUriInIt() {
        assertThat(EventPublisher.withoutUriSecrets(
                        "HTTP operation failed invoking https://hooks.example.com/api/whapi?code=s3cr3t-key&x=1"
                                + " with statusCode: 500"))
                .isEqualTo("HTTP operation failed invoking https://hooks.example.com/api/whapi with statusCode: 500");
        assertThat(EventPublisher.withoutUriSecrets("Connect to http://user:pa55@10.0.0.1:8080/events failed"))
                .isEqualTo("Connect to http://10.0.0.1:8080/events failed")
                .doesNotContain("pa55");
        assertThat(EventPublisher.withoutUriSecrets("Connection refused")).isEqualTo("Connection refused");
        assertThat(EventPublisher.withoutUriSecrets(null)).isNull();
    }
}
