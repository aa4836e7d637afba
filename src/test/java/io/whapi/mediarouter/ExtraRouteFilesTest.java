package io.whapi.mediarouter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** media.extra-routes-dir adds a team's own route files to the packaged ones. */
class ExtraRouteFilesTest {

    @TempDir
    Path dir;

    @Test
    void routeFilesOfTheExtraFolderAreLoadedBesideThePackagedOnes() throws Exception {
        Files.writeString(dir.resolve("team.camel.yaml"), """
                - route:
                    id: team-extra-route
                    from:
                      uri: direct:team-extra
                      steps:
                        - setBody:
                            constant: hello from the team
                """);

        try (ConfigurableApplicationContext app = start("--media.extra-routes-dir=" + dir)) {
            CamelContext camel = app.getBean(CamelContext.class);
            assertThat(camel.getRoute("team-extra-route")).isNotNull();
            assertThat(camel.getRoute("whapi-intake")).isNotNull();
            assertThat(camel.createProducerTemplate().requestBody("direct:team-extra", "", String.class))
                    .isEqualTo("hello from the team");
        }
    }

    @Test
    void aMissingExtraFolderStopsStartup() {
        assertThatThrownBy(() -> start("--media.extra-routes-dir=" + dir.resolve("missing"))
                        .close())
                .hasMessageContaining("media.extra-routes-dir")
                .hasMessageContaining("is not a folder");
    }

    private ConfigurableApplicationContext start(String extra) {
        return new SpringApplicationBuilder(WhapiMediaRouterApplication.class)
                .run("--server.port=0", "--management.server.port=0", "--media.work-dir=" + dir.resolve("work"), extra);
    }
}
