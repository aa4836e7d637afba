package io.whapi.mediarouter;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.flyway.FlywayAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

// No application DataSource: the only database is the optional JDBC state store, which owns its
// pool and migrates its own tables (media.ledger.jdbc.*, StateSchema). Spring's auto-configured
// DataSource would demand a URL on every start, and its Flyway would look for db/migration.
@SpringBootApplication(exclude = {DataSourceAutoConfiguration.class, FlywayAutoConfiguration.class})
@ConfigurationPropertiesScan
public class WhapiMediaRouterApplication {

    public static void main(String[] args) {
        SpringApplication.run(WhapiMediaRouterApplication.class, args);
    }
}
