package io.whapi.mediarouter.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;

/** Retry-After as every call to the gateway reads it. */
class RetryAfterTest {

    @Test
    void secondsAreTakenAsTheyAreAndAtMostAnHour() {
        assertThat(RetryAfter.parse(" 30 ")).contains(Duration.ofSeconds(30));
        assertThat(RetryAfter.parse("0")).contains(Duration.ZERO);
        assertThat(RetryAfter.parse("86400")).contains(Duration.ofHours(1));
    }

    @Test
    void anHttpDateIsTheTimeUntilThenAndOneInThePastIsNow() {
        String inTwoMinutes =
                DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now().plusMinutes(2));
        String yesterday =
                DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now().minusDays(1));

        assertThat(RetryAfter.parse(inTwoMinutes))
                .hasValueSatisfying(
                        delay -> assertThat(delay).isBetween(Duration.ofSeconds(100), Duration.ofSeconds(120)));
        assertThat(RetryAfter.parse(yesterday)).contains(Duration.ZERO);
    }

    @Test
    void anythingElseIsNoAdvice() {
        assertThat(RetryAfter.parse("soon")).isEmpty();
        assertThat(RetryAfter.parse("-5")).isEmpty();
        assertThat(RetryAfter.parse(null)).isEmpty();
    }
}
