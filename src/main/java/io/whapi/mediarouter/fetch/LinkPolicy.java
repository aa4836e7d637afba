package io.whapi.mediarouter.fetch;

import static io.whapi.mediarouter.MediaVariables.LINK_HOP;

import java.io.IOException;
import java.io.InputStream;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Variable;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.springframework.stereotype.Component;

/**
 * Which links may be fetched. A link comes from the webhook, so whoever can post webhooks could
 * otherwise make the connector fetch internal addresses (SSRF). A link is fetched only when its
 * host matches {@code media.download.allowed-link-hosts} ({@code *.} wildcards) and neither is,
 * nor resolves to, a private, loopback, link-local or otherwise internal address, unless an entry
 * names that host exactly: an explicit entry is how a user allows an on-prem store. Redirects
 * are followed by fetch-from-link one hop at a time ({@link #nextHop}), each target checked
 * like the link itself, so no redirect reaches an unchecked host.
 */
@Component
public class LinkPolicy {

    static final int MAX_REDIRECTS = 5;

    private final List<String> entries;

    public LinkPolicy(FetchProperties media) {
        this.entries = media.getDownload().getAllowedLinkHosts().stream()
                .map(e -> e.trim().toLowerCase(Locale.ROOT))
                .filter(e -> !e.isEmpty())
                .toList();
    }

    /** Throws {@link LinkNotAllowedException} with the reason unless the link may be fetched. */
    public void check(@Variable(LINK_HOP) String link) {
        URI uri;
        try {
            uri = URI.create(link);
        } catch (IllegalArgumentException e) {
            throw new LinkNotAllowedException("the link is not a valid URI");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw new LinkNotAllowedException("the link's scheme '" + scheme + "' is not http(s)");
        }
        if (uri.getHost() == null) {
            throw new LinkNotAllowedException("the link has no host");
        }
        String host = uri.getHost().toLowerCase(Locale.ROOT).replace("[", "").replace("]", "");
        if (entries.contains(host)) {
            return;
        }
        if (entries.stream().noneMatch(entry -> matches(entry, host))) {
            throw new LinkNotAllowedException("host " + host + " is not in media.download.allowed-link-hosts");
        }
        try {
            for (InetAddress address : InetAddress.getAllByName(host)) {
                if (isInternal(address)) {
                    throw new LinkNotAllowedException(
                            "host " + host + " is or resolves to the internal address " + address.getHostAddress()
                                    + "; name it exactly in media.download.allowed-link-hosts to allow it");
                }
            }
        } catch (UnknownHostException e) {
            throw new LinkNotAllowedException("host " + host + " does not resolve");
        }
    }

    /**
     * fetch-from-link's step after each request: sets the {@code linkHop} variable to the next hop
     * ({@code null}: the body is the media). A bean step rather than an expression, so that a
     * failure reaches the route as it is, not wrapped, and its log line says what happened.
     */
    public void afterRequest(Exchange exchange) throws HttpOperationFailedException {
        Message answer = exchange.getMessage();
        exchange.setVariable(
                LINK_HOP,
                nextHop(
                        exchange.getVariable(LINK_HOP, String.class),
                        answer.getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class),
                        answer.getHeader("Location", String.class),
                        exchange.getProperty(Exchange.LOOP_INDEX, 0, Integer.class),
                        answer.getBody() instanceof InputStream stream ? stream : null));
    }

    /**
     * What to do after one request of a link: {@code null} when the answer is the media (2xx);
     * the absolute target when it is a redirect, to be checked and requested next; otherwise,
     * or after {@value #MAX_REDIRECTS} redirects, the failure. The body of an answer that is
     * not the media is closed here, so its connection goes back to the pool at once.
     */
    public String nextHop(String current, int status, String location, int hop, InputStream body)
            throws HttpOperationFailedException {
        if (status >= 200 && status < 300) {
            return null;
        }
        closeQuietly(body);
        boolean redirect = status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
        if (!redirect) {
            throw new HttpOperationFailedException(current, status, null, location, null, null);
        }
        if (location == null || location.isBlank()) {
            throw new LinkNotAllowedException("the link answered " + status + " without a Location");
        }
        if (hop >= MAX_REDIRECTS) {
            throw new LinkNotAllowedException("the link redirected more than " + MAX_REDIRECTS + " times");
        }
        try {
            return URI.create(current).resolve(location.trim()).toString();
        } catch (IllegalArgumentException e) {
            throw new LinkNotAllowedException("the link redirected to an invalid URI");
        }
    }

    private static void closeQuietly(InputStream body) {
        if (body != null) {
            try {
                body.close();
            } catch (IOException ignored) {
                // the connection is dropped instead of reused; nothing else depends on it
            }
        }
    }

    private static boolean matches(String entry, String host) {
        if (entry.equals("*")) {
            return true;
        }
        return entry.startsWith("*.") && host.endsWith(entry.substring(1)) && host.length() > entry.length() - 1;
    }

    static boolean isInternal(InetAddress address) {
        if (address.isLoopbackAddress()
                || address.isSiteLocalAddress()
                || address.isLinkLocalAddress()
                || address.isAnyLocalAddress()
                || address.isMulticastAddress()) {
            return true;
        }
        byte[] bytes = address.getAddress();
        if (address instanceof Inet6Address) {
            return (bytes[0] & 0xfe) == 0xfc; // unique local fc00::/7
        }
        return (bytes[0] & 0xff) == 100 && (bytes[1] & 0xc0) == 64; // carrier-grade NAT 100.64.0.0/10
    }
}
