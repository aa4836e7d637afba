package io.whapi.mediarouter.index;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.whapi.mediarouter.state.StateStore;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The media index, in the state store the ledger uses (bean {@code mediaIndex} for the routes). */
@Configuration(proxyBeanMethods = false)
public class IndexConfiguration {

    @Bean
    public MediaIndex mediaIndex(StateStore state, ObjectMapper json) {
        return state.open(workDir -> new FileMediaIndex(workDir.resolve("ledger/index"), json), JdbcMediaIndex::new);
    }
}
