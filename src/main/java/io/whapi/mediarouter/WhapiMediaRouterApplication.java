package io.whapi.mediarouter;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

// No application DataSource: the only database is the optional JDBC ledger, which owns its pool
// (media.idempotency.jdbc.*). Spring's auto-configured one would demand a URL on every start.
@SpringBootApplication(exclude = DataSourceAutoConfiguration.class)
@ConfigurationPropertiesScan
public class WhapiMediaRouterApplication {

    public static void main(String[] args) {
        SpringApplication.run(WhapiMediaRouterApplication.class, args);
    }
}
