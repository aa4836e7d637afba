package io.whapi.mediarouter;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class WhapiMediaRouterApplication {

    public static void main(String[] args) {
        SpringApplication.run(WhapiMediaRouterApplication.class, args);
    }
}
