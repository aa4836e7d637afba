package io.whapi.mediarouter.sinks;

import io.whapi.mediarouter.config.EndpointUris;

/**
 * A sink URI taken apart, never with what could be a credential: what follows the scheme without
 * the query ({@code afterSlashes}, leading // removed), the host without a user, the path after it
 * without a trailing slash, and the root: host and path, or what follows the scheme when there is
 * no host.
 */
record SinkUri(String scheme, String afterSlashes, String host, String path, String root) {

    static SinkUri of(String uri) {
        String scheme = EndpointUris.scheme(uri);
        String rest = uri.substring(scheme.length() + 1);
        int query = rest.indexOf('?');
        rest = query < 0 ? rest : rest.substring(0, query);
        boolean authority = rest.startsWith("//");
        if (authority) {
            rest = rest.substring(2);
        }
        int slash = rest.indexOf('/');
        String host = !authority ? "" : slash < 0 ? rest : rest.substring(0, slash);
        host = host.substring(host.lastIndexOf('@') + 1);
        String path = !authority ? rest : slash < 0 ? "" : rest.substring(slash + 1);
        path = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        String root = authority ? host + (path.isEmpty() ? "" : "/" + path) : rest;
        return new SinkUri(scheme, rest, host, path, root);
    }
}
