package io.whapi.mediarouter.operations;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Lets {@code curl -X POST .../actuator/deadletters/{id}} work as the API promises, with no body:
 * the actuator takes write operations as JSON only and answers 415 to a request without a
 * Content-Type. A request to the operations API that carries no body is told to be JSON.
 */
class BodilessWriteRequests extends OncePerRequestFilter {

    private static final String JSON = "application/json";

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        boolean bodiless = request.getContentType() == null && request.getContentLengthLong() <= 0;
        if (bodiless
                && !request.getMethod().equals("GET")
                && request.getRequestURI().contains("/deadletters")) {
            chain.doFilter(new AsJson(request), response);
        } else {
            chain.doFilter(request, response);
        }
    }

    private static final class AsJson extends HttpServletRequestWrapper {

        AsJson(HttpServletRequest request) {
            super(request);
        }

        @Override
        public String getContentType() {
            return JSON;
        }

        @Override
        public String getHeader(String name) {
            return "Content-Type".equalsIgnoreCase(name) ? JSON : super.getHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            return "Content-Type".equalsIgnoreCase(name)
                    ? Collections.enumeration(List.of(JSON))
                    : super.getHeaders(name);
        }

        @Override
        public Enumeration<String> getHeaderNames() {
            List<String> names = Collections.list(super.getHeaderNames());
            names.add("Content-Type");
            return Collections.enumeration(names);
        }
    }
}
