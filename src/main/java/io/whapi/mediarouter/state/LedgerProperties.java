package io.whapi.mediarouter.state;

import jakarta.validation.Valid;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;
import org.springframework.validation.annotation.Validated;

/**
 * The {@code media.ledger.*} settings: where the connector keeps its state (the ledger, dead
 * letters, provenance, backfills and the event outbox, all in one store) and how long it is
 * remembered. {@code media.idempotency.*}, their former name, still works with a warning.
 */
@Validated
@ConfigurationProperties("media.ledger")
public class LedgerProperties implements Validator {

    /** How long a message, and each sink's copy of it, is remembered (Whapi keeps media 30 days). */
    private Duration retention = Duration.ofDays(35);

    /** Where state is kept: file, append-only files under {work-dir}; jdbc, tables replicas share. */
    private Store store = Store.FILE;

    @Valid
    private final Jdbc jdbc = new Jdbc();

    /** Where state is kept. */
    public enum Store {
        FILE,
        JDBC
    }

    @Override
    public boolean supports(Class<?> type) {
        return LedgerProperties.class.isAssignableFrom(type);
    }

    @Override
    public void validate(Object target, Errors errors) {
        LedgerProperties ledger = (LedgerProperties) target;
        if (ledger.getStore() == Store.JDBC && ledger.getJdbc().getUrl().isBlank()) {
            errors.reject(
                    "media.ledger",
                    "media.ledger.store is jdbc, but media.ledger.jdbc.url is not set."
                            + " Set it (env MEDIA_LEDGER_JDBC_URL), e.g. jdbc:postgresql://db:5432/whapi.");
        }
    }

    public Duration getRetention() {
        return retention;
    }

    public void setRetention(Duration retention) {
        this.retention = retention;
    }

    public Store getStore() {
        return store;
    }

    public void setStore(Store store) {
        this.store = store;
    }

    public Jdbc getJdbc() {
        return jdbc;
    }

    public static class Jdbc {

        /** The database of the jdbc store, e.g. jdbc:postgresql://db:5432/whapi (PostgreSQL's driver is included). */
        private String url = "";

        /** The database user. */
        private String username = "";

        /** The database password. */
        private String password = "";

        public String getUrl() {
            return url;
        }

        public void setUrl(String url) {
            this.url = url;
        }

        public String getUsername() {
            return username;
        }

        public void setUsername(String username) {
            this.username = username;
        }

        public String getPassword() {
            return password;
        }

        public void setPassword(String password) {
            this.password = password;
        }
    }
}
