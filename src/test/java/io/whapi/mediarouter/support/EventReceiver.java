package io.whapi.mediarouter.support;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * An HTTP receiver of CloudEvents, as a consumer of the connector would write one: it checks
 * each request's Standard Webhooks signature itself (not with the connector's code) and keeps
 * the requests. It can answer with an error status for a while, or hold requests unanswered.
 */
public final class EventReceiver implements TestServer {

    /** A Standard Webhooks secret: whsec_ and the Base64 of a 32-byte key. */
    public static final String SECRET = "whsec_"
            + Base64.getEncoder()
                    .encodeToString("event-receiver-key-32-bytes-long".getBytes(StandardCharsets.US_ASCII));

    public record Request(
            String contentType,
            String webhookId,
            String timestamp,
            String signature,
            String body,
            boolean signatureValid,
            boolean accepted) {}

    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private volatile int failureStatus = 503;
    /** Until this time (System.nanoTime), every request gets failureStatus; 0: no outage. */
    private volatile long outageEnds;

    private volatile CountDownLatch hold;

    private EventReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/events", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            var headers = exchange.getRequestHeaders();
            String id = headers.getFirst("webhook-id");
            String timestamp = headers.getFirst("webhook-timestamp");
            String signature = headers.getFirst("webhook-signature");
            long ends = outageEnds;
            boolean down = ends != 0 && System.nanoTime() - ends < 0;
            int status = down || failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0 ? failureStatus : 204;
            requests.add(new Request(
                    headers.getFirst("Content-Type"),
                    id,
                    timestamp,
                    signature,
                    body,
                    valid(id, timestamp, signature, body),
                    status < 300));
            CountDownLatch held = hold;
            if (held != null) {
                try {
                    held.await(5, TimeUnit.MINUTES);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
    }

    public static EventReceiver start() {
        try {
            return new EventReceiver();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/events";
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    /** The next {@code count} requests are answered with this status. */
    public void fail(int count, int status) {
        failureStatus = status;
        failuresLeft.set(count);
    }

    /** Every request for this long from now is answered with this status: an outage. */
    public void failFor(Duration outage, int status) {
        failureStatus = status;
        outageEnds = System.nanoTime() + outage.toNanos();
    }

    /** The outage started by {@link #failFor} is over: requests are accepted again from now. */
    public void endOutage() {
        outageEnds = 0;
    }

    /** Requests get no answer until {@link #release}. */
    public void holdRequests() {
        hold = new CountDownLatch(1);
    }

    public void release() {
        CountDownLatch held = hold;
        hold = null;
        if (held != null) {
            held.countDown();
        }
    }

    public void reset() {
        release();
        failuresLeft.set(0);
        outageEnds = 0;
        requests.clear();
    }

    private static boolean valid(String id, String timestamp, String signature, String body) {
        if (id == null || timestamp == null || signature == null || !signature.startsWith("v1,")) {
            return false;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(SECRET.substring("whsec_".length())), "HmacSHA256"));
            byte[] expected = mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
            return MessageDigest.isEqual(expected, Base64.getDecoder().decode(signature.substring(3)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    @Override
    public void close() {
        release();
        server.stop(0);
        ((ExecutorService) server.getExecutor()).shutdownNow();
    }
}
