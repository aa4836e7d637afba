package io.whapi.mediarouter.support;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;

/**
 * A WebDAV-style server as the example HTTP sink kind stores into (nginx's dav module with
 * create_full_put_path, a storage gateway): it keeps what each PUT under /dav/ sends, by path,
 * with its Content-Type; it asks for Basic auth when given a user, and answers 201.
 */
public final class PutServer implements TestServer {

    public record Stored(byte[] body, String contentType) {}

    public static final String USER = "archivist";
    public static final String PASSWORD = "dav-Pa55word";

    private final HttpServer server;
    private final Map<String, Stored> stored = new ConcurrentHashMap<>();

    private PutServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        String expected =
                "Basic " + Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        server.createContext("/dav/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            int status;
            if (!expected.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"dav\"");
                status = 401;
            } else if (!exchange.getRequestMethod().equals("PUT")) {
                status = 405;
            } else {
                String path = exchange.getRequestURI().getPath().substring("/dav/".length());
                stored.put(path, new Stored(body, exchange.getRequestHeaders().getFirst("Content-Type")));
                status = 201;
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
    }

    public static PutServer start() {
        try {
            return new PutServer();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The collection's URL, with the user and password as the sink's URI carries them. */
    public String uri() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/dav?authUsername=RAW(" + USER
                + ")&authPassword=RAW(" + PASSWORD + ")";
    }

    /** What was PUT under /dav/, by path. */
    public Map<String, Stored> stored() {
        return stored;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
