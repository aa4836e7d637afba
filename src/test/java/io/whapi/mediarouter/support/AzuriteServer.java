package io.whapi.mediarouter.support;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.common.StorageSharedKeyCredential;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Azurite, Microsoft's Azure Storage emulator, its Blob service as its own process on loopback,
 * its data in a temp folder. Obtained from npm (azurite 3.37.0) into a cache under the user's
 * home the first time, as Maven keeps its artifacts: a fresh machine needs only Node.js and npm
 * (.ci/run installs them from Debian when missing).
 */
public final class AzuriteServer implements TestServer {

    public static final String VERSION = "3.37.0";
    /** Azurite's well-known development account and key. */
    public static final String ACCOUNT = "devstoreaccount1";

    public static final String KEY =
            "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    public static final String CONTAINER = "media";

    private final int port = Ports.free();
    private final Path folder = TempFolders.create("azurite");
    private Process process;

    private AzuriteServer() {}

    public static AzuriteServer start() {
        AzuriteServer server = new AzuriteServer();
        server.startProcess();
        server.container().createIfNotExists();
        return server;
    }

    private static Path installed() {
        Path home = Path.of(System.getProperty("user.home"), ".cache", "whapi-media-router", "azurite-" + VERSION);
        Path command = home.resolve("node_modules/.bin/azurite-blob");
        if (Files.isExecutable(command)) {
            return command;
        }
        try {
            Files.createDirectories(home);
            Process npm = new ProcessBuilder(
                            "npm",
                            "install",
                            "--no-audit",
                            "--no-fund",
                            "--prefix",
                            home.toString(),
                            "azurite@" + VERSION)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(
                            home.resolve("npm-install.log").toFile()))
                    .start();
            if (!npm.waitFor(5, TimeUnit.MINUTES) || npm.exitValue() != 0 || !Files.isExecutable(command)) {
                throw new IllegalStateException(
                        "npm could not install azurite@" + VERSION + "; see " + home.resolve("npm-install.log"));
            }
            return command;
        } catch (IOException e) {
            throw new UncheckedIOException("Azurite needs Node.js and npm on the PATH", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public synchronized void startProcess() {
        try {
            ProcessBuilder builder = new ProcessBuilder(List.of(
                    installed().toString(),
                    "--blobHost",
                    "127.0.0.1",
                    "--blobPort",
                    String.valueOf(port),
                    "--location",
                    folder.resolve("data").toString(),
                    "--skipApiVersionCheck",
                    // it would send usage data, and keep files of it in the system temp folder
                    "--disableTelemetry",
                    "--silent"));
            // whatever Node.js still writes to a temp folder goes to ours, deleted with it
            builder.environment()
                    .put(
                            "TMPDIR",
                            Files.createDirectories(folder.resolve("tmp")).toString());
            process = builder.redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(
                            folder.resolve("azurite.log").toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        TestServer.awaitListening("Azurite", process, port);
    }

    /** The Blob service URL, as media.sinks.<name>.endpoint takes it. */
    public String endpoint() {
        return "http://127.0.0.1:" + port + "/" + ACCOUNT;
    }

    /** A sink URI for the container, the key in RAW(...). */
    public String sinkUri() {
        return "azure-storage-blob://" + ACCOUNT + "/" + CONTAINER + "?credentialType=SHARED_ACCOUNT_KEY&accessKey=RAW("
                + KEY + ")";
    }

    /** The container, as a client of the tests' own (not the connector's) sees it. */
    public BlobContainerClient container() {
        return new BlobServiceClientBuilder()
                .endpoint(endpoint())
                .credential(new StorageSharedKeyCredential(ACCOUNT, KEY))
                .buildClient()
                .getBlobContainerClient(CONTAINER);
    }

    @Override
    public synchronized void close() {
        TestServer.kill(process);
        process = null;
        TempFolders.delete(folder);
    }
}
