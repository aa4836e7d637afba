package io.whapi.mediarouter.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;

/**
 * A Whapi gateway ({@code GET /media/{id}} with a Bearer token) and a public link host
 * ({@code GET /in-files/<phone>/<id>.<ext>}, no credentials), each on its own loopback port,
 * serving {@link SampleMedia} bytes for the media ids it knows. Records every request so tests
 * can check what reached which host; each media id can be made to misbehave per host.
 */
public final class FakeWhapi implements TestServer {

    public static final String TOKEN = "test-token-7f3a9c";

    public enum Behaviour {
        SERVE,
        SLOW,
        FORBIDDEN,
        NOT_FOUND,
        SERVER_ERROR,
        TOO_MANY_REQUESTS,
        TRUNCATE,
        CORRUPT,
        /** Half the body, then nothing until the condition given to {@link #holdHalfway} holds. */
        HOLD_HALFWAY
    }

    public record Request(String host, String path, Map<String, List<String>> headers, Instant at) {

        public String header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> String.join(",", e.getValue()))
                    .findFirst()
                    .orElse(null);
        }
    }

    private final Map<String, Long> sizes = new ConcurrentHashMap<>();
    private final Map<String, byte[]> fixedBytes = new ConcurrentHashMap<>();
    private final Map<String, Behaviour> linkBehaviour = new ConcurrentHashMap<>();
    private final Map<String, Behaviour> gatewayBehaviour = new ConcurrentHashMap<>();
    private final Map<String, Queue<Behaviour>> gatewaySequences = new ConcurrentHashMap<>();
    private final Map<String, String> linkRedirects = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Map<String, String> settings = new ConcurrentHashMap<>();
    private volatile int settingsFailure;
    private final Set<String> cutByClient = ConcurrentHashMap.newKeySet();
    private final Map<String, BooleanSupplier> holds = new ConcurrentHashMap<>();
    private final Set<String> releasedByCondition = ConcurrentHashMap.newKeySet();
    private final Map<String, Duration> holdLimits = new ConcurrentHashMap<>();
    private final Set<String> tokens = ConcurrentHashMap.newKeySet();
    private final List<ExecutorService> executors = new CopyOnWriteArrayList<>();
    private final HttpServer gateway;
    private final HttpServer links;

    private FakeWhapi() throws IOException {
        tokens.add(TOKEN);
        gateway = server("gateway", "/media/");
        gateway.createContext("/settings", this::settings);
        gateway.createContext("/messages/list", this::messageList);
        links = server("link", "/in-files/");
    }

    public static FakeWhapi start() {
        try {
            return new FakeWhapi();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private HttpServer server(String host, String prefix) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        ExecutorService executor = Executors.newFixedThreadPool(8);
        executors.add(executor);
        server.setExecutor(executor);
        server.createContext(prefix, exchange -> handle(host, exchange));
        server.start();
        return server;
    }

    public String gatewayUrl() {
        return "http://127.0.0.1:" + gateway.getAddress().getPort();
    }

    /** What replaces Whapi's storage host in the samples' links. */
    public String linkBase() {
        return "http://127.0.0.1:" + links.getAddress().getPort();
    }

    public void serve(String mediaId, long size) {
        sizes.put(mediaId, size);
    }

    /** Get Media accepts this token too (another channel's). */
    public void acceptToken(String token) {
        tokens.add(token);
    }

    /** Serves exactly these bytes for the media id, instead of generated sample bytes. */
    public void serve(String mediaId, byte[] bytes) {
        fixedBytes.put(mediaId, bytes);
        sizes.put(mediaId, (long) bytes.length);
    }

    public void onLink(String mediaId, Behaviour behaviour) {
        linkBehaviour.put(mediaId, behaviour);
    }

    /** The link host answers 302 with this Location (absolute or relative) for the media id. */
    /**
     * Get Media of this id sends the first half of the body and holds the rest back until the
     * condition holds (or 30 s, or the limit given, passed): a test sees what the connector does with a download in
     * flight. {@link #releasedByCondition} tells which it was.
     */
    public void holdHalfway(String mediaId, BooleanSupplier releaseWhen) {
        holdHalfway(mediaId, Duration.ofSeconds(30), releaseWhen);
    }

    public void holdHalfway(String mediaId, Duration atMost, BooleanSupplier releaseWhen) {
        holds.put(mediaId, releaseWhen);
        holdLimits.put(mediaId, atMost);
        gatewayBehaviour.put(mediaId, Behaviour.HOLD_HALFWAY);
    }

    /** Whether the held body of this media went on because its condition held, not at the time limit. */
    public boolean releasedByCondition(String mediaId) {
        return releasedByCondition.contains(mediaId);
    }

    public void redirectLink(String mediaId, String location) {
        linkRedirects.put(mediaId, location);
    }

    public void onGateway(String mediaId, Behaviour behaviour) {
        gatewayBehaviour.put(mediaId, behaviour);
    }

    /** Get Media answers these, one per request, then serves normally. */
    public void onGatewayInTurn(String mediaId, Behaviour... behaviours) {
        gatewaySequences.put(mediaId, new ConcurrentLinkedQueue<>(List.of(behaviours)));
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    public List<Request> requestsFor(String host, String mediaId) {
        return requests.stream()
                .filter(r -> r.host().equals(host) && r.path().contains(mediaId))
                .toList();
    }

    /** Forgets recorded requests and misbehaviours; the media it serves stay. */
    public void reset() {
        requests.clear();
        linkBehaviour.clear();
        linkRedirects.clear();
        gatewayBehaviour.clear();
        gatewaySequences.clear();
        cutByClient.clear();
        holds.clear();
        holdLimits.clear();
        releasedByCondition.clear();
    }

    /** Whether the client dropped the connection before this media's body was sent whole. */
    public boolean cutByClient(String mediaId) {
        return cutByClient.contains(mediaId);
    }

    /** The channel settings Get/Patch /settings answer for this token, as JSON. */
    public void settings(String token, String settingsJson) {
        settings.put(token, settingsJson);
    }

    public String settings(String token) {
        return settings.get(token);
    }

    /** /settings answers every request with this status instead (0: normal again). */
    public void failSettings(int status) {
        settingsFailure = status;
    }

    private final List<JsonNode> history = new CopyOnWriteArrayList<>();
    private final Queue<int[]> listingFailures = new ConcurrentLinkedQueue<>();

    /** The channel's past messages that GET /messages/list pages through (webhook-shaped). */
    public void history(List<? extends JsonNode> messages) {
        history.clear();
        history.addAll(messages);
    }

    private volatile long listingDelayMillis;

    /** Each listing request is answered after this long: a backfill a test can interrupt. */
    public void slowListing(long millis) {
        listingDelayMillis = millis;
    }

    /** The next listing request is answered with this status (and Retry-After when over 0). */
    public void failNextListing(int status, int retryAfterSeconds) {
        listingFailures.add(new int[] {status, retryAfterSeconds});
    }

    // GET /messages/list?count&offset&time_from&time_to: newest first, the window inclusive
    private void messageList(HttpExchange exchange) throws IOException {
        try (exchange) {
            requests.add(new Request(
                    "gateway",
                    "/messages/list?" + exchange.getRequestURI().getQuery(),
                    Map.copyOf(exchange.getRequestHeaders()),
                    Instant.now()));
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            if (authorization == null
                    || !authorization.startsWith("Bearer ")
                    || !tokens.contains(authorization.substring(7))) {
                exchange.sendResponseHeaders(401, -1);
                return;
            }
            if (listingDelayMillis > 0) {
                sleep(listingDelayMillis);
            }
            int[] failure = listingFailures.poll();
            if (failure != null) {
                if (failure[1] > 0) {
                    exchange.getResponseHeaders().add("Retry-After", String.valueOf(failure[1]));
                }
                exchange.sendResponseHeaders(failure[0], -1);
                return;
            }
            Map<String, String> query = new HashMap<>();
            for (String pair : exchange.getRequestURI().getQuery().split("&")) {
                String[] parts = pair.split("=", 2);
                query.put(parts[0], parts.length > 1 ? parts[1] : "");
            }
            long from = Long.parseLong(query.getOrDefault("time_from", "0"));
            long to = Long.parseLong(query.getOrDefault("time_to", String.valueOf(Long.MAX_VALUE)));
            int count = Integer.parseInt(query.getOrDefault("count", "100"));
            int offset = Integer.parseInt(query.getOrDefault("offset", "0"));
            List<JsonNode> window = history.stream()
                    .filter(m -> m.path("timestamp").asLong() >= from
                            && m.path("timestamp").asLong() <= to)
                    .sorted(Comparator.comparingLong(
                                    (JsonNode m) -> m.path("timestamp").asLong())
                            .reversed())
                    .toList();
            List<JsonNode> page =
                    window.subList(Math.min(offset, window.size()), Math.min(offset + count, window.size()));
            ObjectMapper json = new ObjectMapper();
            ObjectNode answer = json.createObjectNode();
            answer.putArray("messages").addAll(page);
            answer.put("count", page.size());
            answer.put("total", window.size());
            answer.put("offset", offset);
            byte[] body = json.writeValueAsBytes(answer);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        }
    }

    // Whapi's PATCH /settings replaces the fields it is sent; that is all this fake needs of it
    private void settings(HttpExchange exchange) throws IOException {
        try (exchange) {
            requests.add(new Request(
                    "gateway",
                    "/settings " + exchange.getRequestMethod(),
                    Map.copyOf(exchange.getRequestHeaders()),
                    Instant.now()));
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            String token =
                    authorization != null && authorization.startsWith("Bearer ") ? authorization.substring(7) : "";
            if (settingsFailure != 0) {
                exchange.sendResponseHeaders(settingsFailure, -1);
                return;
            }
            if (!tokens.contains(token)) {
                exchange.sendResponseHeaders(401, -1);
                return;
            }
            if (exchange.getRequestMethod().equals("PATCH")) {
                ObjectMapper json = new ObjectMapper();
                ObjectNode current = (ObjectNode) json.readTree(settings.getOrDefault(token, "{}"));
                current.setAll((ObjectNode) json.readTree(exchange.getRequestBody()));
                settings.put(token, current.toString());
            }
            byte[] body = settings.getOrDefault(token, "{}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        }
    }

    private void handle(String host, HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String lastSegment = path.substring(path.lastIndexOf('/') + 1);
        try (exchange) {
            requests.add(new Request(host, path, Map.copyOf(exchange.getRequestHeaders()), Instant.now()));
            String name = path.substring(path.lastIndexOf('/') + 1);
            String mediaId =
                    host.equals("link") && name.contains(".") ? name.substring(0, name.lastIndexOf('.')) : name;
            Long size = sizes.get(mediaId);
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            boolean authorized = host.equals("link")
                    || (authorization != null
                            && authorization.startsWith("Bearer ")
                            && tokens.contains(authorization.substring(7)));
            Behaviour behaviour =
                    (host.equals("link") ? linkBehaviour : gatewayBehaviour).getOrDefault(mediaId, Behaviour.SERVE);
            Queue<Behaviour> sequence = host.equals("gateway") ? gatewaySequences.get(mediaId) : null;
            if (sequence != null && !sequence.isEmpty()) {
                behaviour = sequence.poll();
            }
            if (host.equals("link") && linkRedirects.containsKey(mediaId)) {
                exchange.getResponseHeaders().add("Location", linkRedirects.get(mediaId));
                exchange.sendResponseHeaders(302, -1);
            } else if (!authorized) {
                exchange.sendResponseHeaders(401, -1);
            } else if (size == null || behaviour == Behaviour.NOT_FOUND) {
                exchange.sendResponseHeaders(404, -1);
            } else if (behaviour == Behaviour.FORBIDDEN) {
                exchange.sendResponseHeaders(403, -1);
            } else if (behaviour == Behaviour.SERVER_ERROR) {
                exchange.sendResponseHeaders(500, -1);
            } else if (behaviour == Behaviour.TOO_MANY_REQUESTS) {
                exchange.getResponseHeaders().add("Retry-After", "1");
                exchange.sendResponseHeaders(429, -1);
            } else {
                exchange.getResponseHeaders().add("Content-Type", "application/octet-stream");
                exchange.sendResponseHeaders(200, size);
                OutputStream body = exchange.getResponseBody();
                if (behaviour == Behaviour.CORRUPT) {
                    // the right length of the wrong bytes
                    SampleMedia.write(mediaId + "-corrupt", size, size, body);
                } else if (behaviour == Behaviour.TRUNCATE) {
                    SampleMedia.write(mediaId, size, size / 2, body);
                    body.flush();
                    // closing a fixed-length body before its length drops the connection mid-body
                    throw new IOException("truncated on purpose");
                } else if (behaviour == Behaviour.HOLD_HALFWAY) {
                    SampleMedia.writeRange(mediaId, 0, size / 2, body);
                    body.flush();
                    long deadline = System.nanoTime() + holdLimits.get(mediaId).toNanos();
                    while (!holds.get(mediaId).getAsBoolean() && System.nanoTime() < deadline) {
                        sleep(50);
                    }
                    if (holds.get(mediaId).getAsBoolean()) {
                        releasedByCondition.add(mediaId);
                    }
                    SampleMedia.writeRange(mediaId, size / 2, size, body);
                } else if (behaviour == Behaviour.SLOW) {
                    // about 1 MB/s, so that a test can act while downloads are in flight
                    for (long sent = 0; sent < size; sent += 65536) {
                        SampleMedia.writeRange(mediaId, sent, Math.min(size, sent + 65536), body);
                        body.flush();
                        sleep(60);
                    }
                } else if (fixedBytes.containsKey(mediaId)) {
                    body.write(fixedBytes.get(mediaId));
                } else {
                    SampleMedia.write(mediaId, size, size, body);
                }
            }
        } catch (IOException e) {
            // the client went away, or a truncation on purpose: the connection is dropped
            if (!"truncated on purpose".equals(e.getMessage())) {
                cutByClient.add(
                        lastSegment.contains(".") && host.equals("link")
                                ? lastSegment.substring(0, lastSegment.lastIndexOf('.'))
                                : lastSegment);
            }
        }
    }

    private static void sleep(long millis) throws IOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    @Override
    public void close() {
        gateway.stop(0);
        links.stop(0);
        executors.forEach(ExecutorService::shutdownNow);
    }
}
