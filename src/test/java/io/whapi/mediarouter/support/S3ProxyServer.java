package io.whapi.mediarouter.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * S3Proxy, a real S3 API server that checks SigV4 signatures, as its own process (its
 * jar-with-dependencies must stay off the test classpath) with the filesystem backend, so
 * large objects live on disk. Can be stopped and started again on the same port and data.
 */
public final class S3ProxyServer implements TestServer {

    public static final String ACCESS_KEY = "media-access-key";
    public static final String SECRET_KEY = "s3-secret-Zq8wX2";
    public static final String BUCKET = "media-bucket";

    private final int port = Ports.free();
    private final Path folder;
    private final Path dataDir;
    private final Path config;
    private Process process;
    private S3Client client;

    private S3ProxyServer() throws IOException {
        folder = TempFolders.create("s3proxy");
        dataDir = Files.createDirectories(folder.resolve("data"));
        Files.createDirectories(dataDir.resolve(BUCKET));
        config = folder.resolve("s3proxy.conf");
        Files.writeString(
                config,
                String.join(
                        "\n",
                        "s3proxy.endpoint=http://127.0.0.1:" + port,
                        "s3proxy.authorization=aws-v2-or-v4",
                        "s3proxy.identity=" + ACCESS_KEY,
                        "s3proxy.credential=" + SECRET_KEY,
                        "jclouds.provider=filesystem-nio2",
                        "jclouds.filesystem.basedir=" + dataDir,
                        ""));
    }

    public static S3ProxyServer start() {
        try {
            S3ProxyServer server = new S3ProxyServer();
            server.startProcess();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public synchronized void startProcess() {
        String jar = System.getProperty("s3proxy.jar", "target/s3proxy/s3proxy.jar");
        try {
            List<String> command = ChildJvm.command("256m");
            command.addAll(List.of("-jar", jar, "--properties", config.toString()));
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(
                            folder.resolve("s3proxy.log").toFile()))
                    .start();
            awaitUp();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Kills the server: a sink outage. */
    public synchronized void stopProcess() {
        TestServer.kill(process);
        process = null;
    }

    private void awaitUp() {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                http.send(
                        HttpRequest.newBuilder(URI.create(endpoint() + "/")).build(),
                        HttpResponse.BodyHandlers.discarding());
                return;
            } catch (IOException e) {
                sleep();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("S3Proxy exited with " + process.exitValue());
            }
        }
        throw new IllegalStateException("S3Proxy did not start on port " + port);
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    /** A Camel sink URI for the bucket, with the given secret key. */
    public String sinkUri(String secretKey) {
        return "aws2-s3://" + BUCKET + "?overrideEndpoint=true&uriEndpointOverride=" + endpoint()
                + "&forcePathStyle=true&region=us-east-1&accessKey=RAW(" + ACCESS_KEY + ")&secretKey=RAW(" + secretKey
                + ")";
    }

    public synchronized S3Client client() {
        if (client == null) {
            client = S3Client.builder()
                    .endpointOverride(URI.create(endpoint()))
                    .forcePathStyle(true)
                    .region(Region.US_EAST_1)
                    .credentialsProvider(
                            StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                    .build();
        }
        return client;
    }

    public byte[] object(String key) {
        return client().getObject(b -> b.bucket(BUCKET).key(key), ResponseTransformer.toBytes())
                .asByteArray();
    }

    public HeadObjectResponse head(String key) {
        return client().headObject(b -> b.bucket(BUCKET).key(key));
    }

    public boolean exists(String key) {
        try {
            head(key);
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    /** Stops the server and deletes its data, config and log. */
    @Override
    public synchronized void close() {
        stopProcess();
        if (client != null) {
            client.close();
            client = null;
        }
        TempFolders.delete(folder);
    }
}
