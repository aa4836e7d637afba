package io.whapi.mediarouter.operations;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.security.SecurityProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;

/**
 * Spring Security for the management port only. Once on the classpath it would guard every path
 * of every port, the webhook intake included (a login page, session cookies, 401s for the
 * gateway): requests on any other port are ignored by it, so the intake answers exactly as
 * without it. On the management port the health probes and Prometheus stay open, as Kubernetes
 * and Prometheus expect; everything else needs HTTP Basic with Spring Boot's own user
 * ({@code spring.security.user.name}/{@code password}). Stateless: no session, no cookie.
 */
@Configuration(proxyBeanMethods = false)
public class OperationsSecurity {

    private static final Logger LOG = LoggerFactory.getLogger(OperationsSecurity.class);

    @Bean
    public ManagementPort managementPort() {
        return new ManagementPort();
    }

    @Bean
    public SecurityFilterChain operationsFilterChain(HttpSecurity http, ManagementPort managementPort)
            throws Exception {
        return http.securityMatcher(managementPort::matches)
                .authorizeHttpRequests(requests -> requests.requestMatchers(
                                "/actuator/health", "/actuator/health/**", "/actuator/prometheus")
                        .permitAll()
                        .anyRequest()
                        .authenticated())
                .httpBasic(Customizer.withDefaults())
                // replaced by CrossSiteRequestRefusal: a CSRF token would make every script fetch one first
                .csrf(csrf -> csrf.disable())
                .addFilterBefore(new CrossSiteRequestRefusal(), BasicAuthenticationFilter.class)
                .addFilterAfter(new BodilessWriteRequests(), BasicAuthenticationFilter.class)
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .build();
    }

    /** Off (nothing to protect, everything 404): Spring Security leaves every request alone. */
    @Bean
    public WebSecurityCustomizer onlyTheManagementPort(ManagementPort managementPort, Environment environment) {
        boolean on = OperationsSwitch.isOn(environment);
        if (!on) {
            LOG.info("The operations API and console are off. To turn them on, set spring.security.user.password"
                    + " (env SPRING_SECURITY_USER_PASSWORD) and keep management.server.port apart from server.port.");
        }
        return web -> web.ignoring().requestMatchers(request -> !on || !managementPort.matches(request));
    }

    /**
     * Spring Boot's user, from spring.security.user.*; none at all when no password is set,
     * instead of Boot's generated one, which it would print in the log.
     */
    @Bean
    public UserDetailsService operators(SecurityProperties security) {
        SecurityProperties.User user = security.getUser();
        if (user.isPasswordGenerated()) {
            return new InMemoryUserDetailsManager();
        }
        return new InMemoryUserDetailsManager(User.withUsername(user.getName())
                .password("{noop}" + user.getPassword())
                .roles(user.getRoles().toArray(String[]::new))
                .build());
    }
}
