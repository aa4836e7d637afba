package io.whapi.mediarouter.operations;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.Set;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * CSRF protection for an API behind HTTP Basic: a browser sends cached Basic credentials with any
 * request, also one another site makes it send. So a request that changes something (replay,
 * discard) is refused with 403 when the browser says it comes from another site (Fetch Metadata's
 * Sec-Fetch-Site, or an Origin that is not this host). curl and scripts send neither header;
 * the console page's own requests are same-origin.
 */
class CrossSiteRequestRefusal extends OncePerRequestFilter {

    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!SAFE_METHODS.contains(request.getMethod()) && crossSite(request)) {
            // a status and body of its own, not sendError: the error page's dispatch would ask for a login
            response.setStatus(HttpServletResponse.SC_FORBIDDEN);
            response.setContentType("application/json");
            response.getWriter().write("{\"error\":\"cross-site request refused\"}");
            return;
        }
        chain.doFilter(request, response);
    }

    private static boolean crossSite(HttpServletRequest request) {
        String site = request.getHeader("Sec-Fetch-Site");
        if (site != null && !site.equals("same-origin") && !site.equals("none")) {
            return true;
        }
        String origin = request.getHeader("Origin");
        if (origin == null) {
            return false;
        }
        try {
            URI from = URI.create(origin);
            String host = request.getHeader("Host");
            return host == null || !(from.getHost() + (from.getPort() < 0 ? "" : ":" + from.getPort())).equals(host);
        } catch (IllegalArgumentException notAUri) {
            return true;
        }
    }
}
