package io.whapi.mediarouter.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.ftpserver.DataConnectionConfigurationFactory;
import org.apache.ftpserver.FtpServer;
import org.apache.ftpserver.FtpServerFactory;
import org.apache.ftpserver.ftplet.DefaultFtplet;
import org.apache.ftpserver.ftplet.FtpException;
import org.apache.ftpserver.ftplet.FtpReply;
import org.apache.ftpserver.ftplet.FtpRequest;
import org.apache.ftpserver.ftplet.FtpSession;
import org.apache.ftpserver.ftplet.FtpletResult;
import org.apache.ftpserver.impl.DefaultFtpServer;
import org.apache.ftpserver.listener.ListenerFactory;
import org.apache.ftpserver.ssl.SslConfigurationFactory;
import org.apache.ftpserver.usermanager.impl.BaseUser;
import org.apache.ftpserver.usermanager.impl.WritePermission;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;

/**
 * Real FTP, FTPS (explicit TLS, with a keystore made for the run) and SFTP servers on loopback
 * ports, each with one user and a home folder on disk that tests read directly.
 */
public final class FileTransferServers implements TestServer {

    public static final String USER = "media";
    public static final String PASSWORD = "ftp-Pa55-word";

    private final Path folder = TempFolders.create("file-transfer");
    public final Path ftpHome;
    public final Path ftpsHome;
    public final Path sftpHome;
    private final FtpServer ftp;
    private final FtpWatch ftpWatch = new FtpWatch();
    private final FtpServer ftps;
    private final FtpWatch ftpsWatch = new FtpWatch();
    private SshServer sftp;

    private FileTransferServers() throws Exception {
        ftpHome = Files.createDirectories(folder.resolve("ftp-home"));
        ftpsHome = Files.createDirectories(folder.resolve("ftps-home"));
        sftpHome = Files.createDirectories(folder.resolve("sftp-home"));
        ftp = ftpServer(ftpHome, null, ftpWatch);
        ftps = ftpServer(ftpsHome, keystore(folder), ftpsWatch);
        sftp = sftpServer(0);
    }

    /** An SFTP server over the home folder, on the port (0: any free one), with the same host key each time. */
    private SshServer sftpServer(int port) throws IOException {
        SshServer server = SshServer.setUpDefaultServer();
        server.setHost("127.0.0.1");
        server.setPort(port);
        server.setKeyPairProvider(new SimpleGeneratorHostKeyProvider(folder.resolve("sftp-host-key.ser")));
        server.setPasswordAuthenticator((user, password, session) -> USER.equals(user) && PASSWORD.equals(password));
        server.setSubsystemFactories(List.of(new SftpSubsystemFactory()));
        server.setFileSystemFactory(new VirtualFileSystemFactory(sftpHome));
        server.start();
        return server;
    }

    public static FileTransferServers start() {
        try {
            return new FileTransferServers();
        } catch (Exception e) {
            throw new IllegalStateException("could not start the FTP/SFTP servers", e);
        }
    }

    private static FtpServer ftpServer(Path home, Path keystore, FtpWatch watch) throws Exception {
        FtpServerFactory factory = new FtpServerFactory();
        factory.setFtplets(new HashMap<>(Map.of("watch", watch)));
        ListenerFactory listener = new ListenerFactory();
        listener.setServerAddress("127.0.0.1");
        listener.setPort(0);
        DataConnectionConfigurationFactory data = new DataConnectionConfigurationFactory();
        data.setPassiveExternalAddress("127.0.0.1");
        listener.setDataConnectionConfiguration(data.createDataConnectionConfiguration());
        if (keystore != null) {
            SslConfigurationFactory ssl = new SslConfigurationFactory();
            ssl.setKeystoreFile(keystore.toFile());
            ssl.setKeystorePassword("changeit");
            ssl.setKeystoreType("PKCS12");
            listener.setSslConfiguration(ssl.createSslConfiguration());
            listener.setImplicitSsl(false);
        }
        factory.addListener("default", listener.createListener());
        BaseUser user = new BaseUser();
        user.setName(USER);
        user.setPassword(PASSWORD);
        user.setHomeDirectory(home.toString());
        user.setAuthorities(List.of(new WritePermission()));
        factory.getUserManager().save(user);
        FtpServer server = factory.createServer();
        server.start();
        return server;
    }

    /** A self-signed server certificate, made for this run only. */
    private static Path keystore(Path folder) throws IOException, InterruptedException {
        return Keytool.selfSigned(folder.resolve("ftps-server.p12"), "ftps", "changeit");
    }

    private static int port(FtpServer server) {
        return ((DefaultFtpServer) server).getListener("default").getPort();
    }

    /** The FTP server's port on 127.0.0.1. */
    public int ftpPort() {
        return port(ftp);
    }

    /** A command the FTP server has answered, and the connection (session) it came on. */
    public record FtpCommand(String session, String name) {}

    /** The FTPS server's port on 127.0.0.1 (explicit TLS, a certificate made for this run). */
    public int ftpsPort() {
        return port(ftps);
    }

    /** The commands the FTP server has answered so far, in the order it answered them. */
    public List<FtpCommand> ftpCommands() {
        return ftpWatch.commands();
    }

    /** The commands the FTPS server has answered so far, in the order it answered them. */
    public List<FtpCommand> ftpsCommands() {
        return ftpsWatch.commands();
    }

    /** The most uploads (STOR) the FTP server had in progress at the same time so far. */
    public int mostFtpUploadsAtOnce() {
        return ftpWatch.most.get();
    }

    /**
     * From now on the FTP server holds an upload that starts alone until a second one starts
     * beside it (or 10 s have passed), once: a client that uploads several at once is then seen
     * to do so by {@link #mostFtpUploadsAtOnce}, however fast each upload is.
     */
    public void holdTheNextUploadUntilAnotherStarts() {
        ftpWatch.holding = true;
    }

    /** Logs each command the server answers, and counts the uploads in progress (keeping the highest count seen). */
    private static final class FtpWatch extends DefaultFtplet {
        private final List<FtpCommand> commands = new ArrayList<>();
        private final AtomicInteger now = new AtomicInteger();
        private final AtomicInteger most = new AtomicInteger();
        private volatile boolean holding;

        List<FtpCommand> commands() {
            synchronized (commands) {
                return List.copyOf(commands);
            }
        }

        @Override
        public FtpletResult beforeCommand(FtpSession session, FtpRequest request) throws FtpException {
            if (request.getCommand().equals("STOR")) {
                synchronized (this) {
                    most.accumulateAndGet(now.incrementAndGet(), Math::max);
                    notifyAll();
                    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                    while (holding && now.get() < 2 && System.nanoTime() < until) {
                        try {
                            TimeUnit.NANOSECONDS.timedWait(this, until - System.nanoTime());
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            throw new FtpException("interrupted", e);
                        }
                    }
                    holding = false;
                }
            }
            return FtpletResult.DEFAULT;
        }

        @Override
        public FtpletResult afterCommand(FtpSession session, FtpRequest request, FtpReply reply) {
            synchronized (commands) {
                commands.add(new FtpCommand(session.getSessionId().toString(), request.getCommand()));
            }
            if (request.getCommand().equals("STOR")) {
                now.decrementAndGet();
            }
            return FtpletResult.DEFAULT;
        }
    }

    /** Deliberately without binary=true or passiveMode: the connector must add them. */
    public String ftpUri() {
        return "ftp://" + USER + "@127.0.0.1:" + port(ftp) + "/inbox?password=RAW(" + PASSWORD + ")";
    }

    public String ftpsUri() {
        return "ftps://" + USER + "@127.0.0.1:" + port(ftps) + "/inbox?password=RAW(" + PASSWORD + ")";
    }

    public String sftpUri() {
        return "sftp://" + USER + "@127.0.0.1:" + sftp.getPort() + "/inbox?password=RAW(" + PASSWORD + ")"
                + "&strictHostKeyChecking=no&useUserKnownHostsFile=false";
    }

    /** The SFTP server goes away (its port refuses connections), as a server that is down. */
    public void stopSftp() {
        try {
            sftp.stop(true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Back, on the same port (a server of MINA SSHD starts once: a new one takes its place). */
    public void startSftp() {
        try {
            sftp = sftpServer(sftp.getPort());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        ftp.stop();
        ftps.stop();
        try {
            sftp.stop(true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            TempFolders.delete(folder);
        }
    }
}
