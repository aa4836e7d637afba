package io.whapi.mediarouter.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LinkPolicyTest {

    private final LinkPolicy whapiStorage = policy("*.wasabisys.com");

    @ParameterizedTest
    @ValueSource(
            strings = {
                "https://wasabisys.com.attacker.example/x.jpeg",
                "https://evilwasabisys.com/x.jpeg",
                "https://wasabisys.com/x.jpeg",
                "http://127.0.0.1:8080/actuator",
                "http://169.254.169.254/latest/meta-data/",
                "http://[::1]/x",
                "file:///etc/passwd",
                "ftp://s3.eu-central-1.wasabisys.com/x",
                "not a uri",
            })
    void linksOffTheListAreRefused(String link) {
        assertThatThrownBy(() -> whapiStorage.check(link)).isInstanceOf(LinkNotAllowedException.class);
    }

    @Test
    void aWildcardDoesNotOpenInternalAddresses() {
        LinkPolicy anyHost = policy("*");

        assertThatThrownBy(() -> anyHost.check("http://10.0.0.7/x")).hasMessageContaining("internal address");
        assertThatThrownBy(() -> anyHost.check("http://192.168.1.1/x")).hasMessageContaining("internal address");
        assertThatThrownBy(() -> anyHost.check("http://localhost/x")).hasMessageContaining("internal address");
        assertThatThrownBy(() -> anyHost.check("http://100.64.0.1/x")).hasMessageContaining("internal address");
    }

    @Test
    void anExactEntryAllowsAnOnPremStore() {
        LinkPolicy onPrem = policy("*.wasabisys.com", " 10.0.0.7", "minio.internal");

        assertThatCode(() -> onPrem.check("http://10.0.0.7:9000/media/x.jpeg")).doesNotThrowAnyException();
        assertThatCode(() -> onPrem.check("https://minio.internal/media/x.jpeg"))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> onPrem.check("http://10.0.0.8/x")).isInstanceOf(LinkNotAllowedException.class);
    }

    @Test
    void redirectTargetsAreResolvedAgainstTheHopTheyCameFrom() throws Exception {
        String from = "https://s3.eu-central-1.wasabisys.com/in-files/1/a.jpeg?sig=x";

        assertThat(whapiStorage.nextHop(from, 200, null, 0, null)).isNull();
        assertThat(whapiStorage.nextHop(from, 302, "/in-files/1/b.jpeg", 0, null))
                .isEqualTo("https://s3.eu-central-1.wasabisys.com/in-files/1/b.jpeg");
        assertThat(whapiStorage.nextHop(from, 307, "http://169.254.169.254/latest", 1, null))
                .isEqualTo("http://169.254.169.254/latest");
    }

    @Test
    void endlessRedirectsAndErrorAnswersFailTheLink() throws Exception {
        String from = "https://s3.wasabisys.com/a";

        assertThatThrownBy(() -> whapiStorage.nextHop(from, 302, "/b", LinkPolicy.MAX_REDIRECTS, null))
                .hasMessageContaining("redirected more than");
        assertThatThrownBy(() -> whapiStorage.nextHop(from, 301, null, 0, null))
                .hasMessageContaining("without a Location");
        assertThatThrownBy(() -> whapiStorage.nextHop(from, 403, null, 0, null))
                .isInstanceOf(HttpOperationFailedException.class);
    }

    private static LinkPolicy policy(String... allowedHosts) {
        FetchProperties media = new FetchProperties();
        media.getDownload().setAllowedLinkHosts(List.of(allowedHosts));
        return new LinkPolicy(media);
    }
}
