package io.whapi.mediarouter;

import static io.whapi.mediarouter.support.Webhooks.firstMedia;
import static io.whapi.mediarouter.support.Webhooks.firstMessage;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.whapi.mediarouter.support.SampleMedia;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * Behind a corporate proxy: downloads go through camel.component.http.proxy-host/-port, even
 * for a link host that this machine cannot resolve itself (only the proxy can).
 */
@TestPropertySource(properties = "media.download.allowed-link-hosts=media.corp.example")
class OutboundProxyTest extends ConnectorTestSupport {

    private static final List<String> PROXIED = new CopyOnWriteArrayList<>();
    private static final HttpServer PROXY = startProxy();

    @AfterAll
    static void stopProxy() {
        PROXY.stop(0);
    }

    @DynamicPropertySource
    static void throughTheProxy(DynamicPropertyRegistry registry) {
        registry.add("camel.component.http.proxy-host", () -> "127.0.0.1");
        registry.add("camel.component.http.proxy-port", () -> PROXY.getAddress().getPort());
    }

    @Test
    void linksAreFetchedThroughTheConfiguredProxy() throws IOException {
        ObjectNode body = webhooks.load("01-image-private-with-link.json");
        firstMessage(body).put("id", "via-proxy");
        ObjectNode media = firstMedia(body);
        String link = media.get("link").asText();
        media.put("link", "http://media.corp.example" + URI.create(link).getPath());

        postAndAwait(body, 1);

        String mediaId = media.get("id").asText();
        assertThat(Files.readAllBytes(stored("ORCHID-Q7K2P/image/2025/08/05/via-proxy.jpg")))
                .isEqualTo(SampleMedia.bytes(mediaId, 46793));
        assertThat(PROXIED).anyMatch(uri -> uri.startsWith("http://media.corp.example/") && uri.contains(mediaId));
    }

    /** A forward proxy for plain HTTP: takes absolute-form requests, relays them to the fake link host. */
    private static HttpServer startProxy() {
        try {
            HttpServer proxy = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            HttpClient upstream = HttpClient.newHttpClient();
            proxy.createContext("/", exchange -> relay(exchange, upstream));
            proxy.start();
            return proxy;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void relay(HttpExchange exchange, HttpClient upstream) throws IOException {
        try (exchange) {
            URI requested = exchange.getRequestURI();
            PROXIED.add(requested.toString());
            URI target = URI.create(WHAPI.linkBase() + requested.getRawPath());
            HttpResponse<InputStream> response = upstream.send(
                    HttpRequest.newBuilder(target).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
            long length = response.headers().firstValueAsLong("Content-Length").orElse(0);
            exchange.sendResponseHeaders(response.statusCode(), length == 0 ? -1 : length);
            try (InputStream in = response.body()) {
                in.transferTo(exchange.getResponseBody());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
