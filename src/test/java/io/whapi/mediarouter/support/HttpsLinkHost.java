package io.whapi.mediarouter.support;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * An HTTPS link host with a certificate of its own (an on-prem store behind a private CA): serves
 * {@link SampleMedia} bytes at {@code /in-files/<id>.jpeg}. {@link #truststore()} is a truststore
 * holding only that certificate, for the JVM that is meant to trust it.
 */
public final class HttpsLinkHost implements TestServer {

    private static final String PASSWORD = "changeit";

    private final Path dir;
    private final HttpsServer server;

    public HttpsLinkHost(long size) throws Exception {
        dir = TempFolders.create("https-link-host");
        Path keystore = dir.resolve("server.p12");
        Keytool.selfSigned(keystore, "link", PASSWORD, "-ext", "SAN=ip:127.0.0.1");
        Keytool.run(
                "-exportcert",
                "-alias",
                "link",
                "-keystore",
                keystore.toString(),
                "-storepass",
                PASSWORD,
                "-file",
                dir.resolve("link.cer").toString());
        Keytool.run(
                "-importcert",
                "-noprompt",
                "-alias",
                "private-ca",
                "-file",
                dir.resolve("link.cer").toString(),
                "-storetype",
                "PKCS12",
                "-keystore",
                truststore().toString(),
                "-storepass",
                PASSWORD);

        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            keys.load(in, PASSWORD.toCharArray());
        }
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, PASSWORD.toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keyManagers.getKeyManagers(), null, null);

        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        server.createContext("/in-files/", exchange -> {
            String name = exchange.getRequestURI().getPath().substring("/in-files/".length());
            String mediaId = name.substring(0, name.lastIndexOf('.'));
            try (exchange) {
                exchange.sendResponseHeaders(200, size);
                OutputStream body = exchange.getResponseBody();
                SampleMedia.write(mediaId, size, size, body);
            }
        });
        server.start();
    }

    public String link(String mediaId) {
        return "https://127.0.0.1:" + server.getAddress().getPort() + "/in-files/" + mediaId + ".jpeg";
    }

    public Path truststore() {
        return dir.resolve("truststore.p12");
    }

    public String truststorePassword() {
        return PASSWORD;
    }

    @Override
    public void close() {
        server.stop(0);
        TempFolders.delete(dir);
    }
}
