package io.whapi.mediarouter;

import static org.assertj.core.api.Assertions.assertThat;

import io.whapi.mediarouter.deadletter.DeadLetterOperations;
import io.whapi.mediarouter.state.JdbcLedger;
import org.apache.camel.spi.IdempotentRepository;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/** Every durability guarantee again, with the ledgers in a database (H2) instead of files. */
@TestPropertySource(
        properties = {
            "media.ledger.store=jdbc",
            "media.ledger.jdbc.url=jdbc:h2:mem:whapi-ledger;DB_CLOSE_DELAY=-1",
        })
class DurabilityWithJdbcLedgerTest extends DurabilityTest {

    @Autowired
    private IdempotentRepository messageLedger;

    @Autowired
    private IdempotentRepository sinkLedger;

    @Override
    protected boolean durablyRecorded(String key) {
        // from the table itself, which is what a restart or another replica would find
        return ((JdbcLedger) messageLedger).isDone(key);
    }

    @Autowired
    private DeadLetterOperations deadLetters;

    /** Dead letters are rows of the shared database: replayed as the operations API does. */
    @Override
    protected void replay(String deadLetterId) {
        assertThat(deadLetters.replay(deadLetterId, "test")).isTrue();
    }

    @Test
    void theLedgersAreInTheDatabaseNotTheWorkDir() {
        assertThat(messageLedger).isInstanceOf(JdbcLedger.class);
        assertThat(sinkLedger).isInstanceOf(JdbcLedger.class);
        assertThat(workDir.resolve("ledger")).doesNotExist();
    }
}
