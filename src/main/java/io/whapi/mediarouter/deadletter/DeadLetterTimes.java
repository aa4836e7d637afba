package io.whapi.mediarouter.deadletter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** When an entry was dead-lettered, as DeadLetters wrote it: what both stores order the list by. */
final class DeadLetterTimes {

    /** Entries are small and read only when one is added: one plain mapper does. */
    private static final ObjectMapper JSON = new ObjectMapper();

    private DeadLetterTimes() {}

    /** The entry's dead_lettered_at; now for an entry without one. */
    static Instant deadLetteredAt(String entry) {
        try {
            String at = JSON.readTree(entry).path("dead_lettered_at").asText("");
            return at.isEmpty() ? Instant.now() : Instant.parse(at);
        } catch (JsonProcessingException | DateTimeParseException e) {
            return Instant.now();
        }
    }
}
