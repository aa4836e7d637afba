package io.whapi.mediarouter;

import io.whapi.mediarouter.sinks.SinkConfigurationException;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A sink or routing setting that cannot work stops startup with one line that says which. */
class SinkConfigurationTest {

    @Test
    void routingToAnUndefinedSinkFailsStartup() {
        assertThatThrownBy(() -> start("--media.routing.image=file,nas"))
                .hasRootCauseInstanceOf(SinkConfigurationException.class)
                .rootCause().hasMessage("media.routing.image names sink 'nas', but no sink of that name is defined");
    }

    @Test
    void unsupportedSchemeFailsStartupWithoutPrintingTheUri() {
        assertThatThrownBy(() -> start("--media.sinks.vault.uri=smb://admin:Pa55word@nas/share"))
                .rootCause()
                .isInstanceOf(SinkConfigurationException.class)
                .hasMessageContaining("Sink 'vault'")
                .hasMessageContaining("'smb'")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("Pa55word"));
    }

    @Test
    void unknownMediaTypeInRoutingFailsStartup() {
        assertThatThrownBy(() -> start("--media.routing.imgae=file"))
                .rootCause().hasMessage("media.routing.imgae names no media type");
    }

    private static void start(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--server.port=0";
        all[1] = "--media.work-dir=target/sink-configuration-test";
        System.arraycopy(args, 0, all, 2, args.length);
        new SpringApplicationBuilder(WhapiMediaRouterApplication.class).run(all).close();
    }
}
