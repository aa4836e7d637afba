package io.whapi.mediarouter.sinks;

import java.util.concurrent.TimeUnit;
import org.apache.commons.net.ProtocolCommandEvent;
import org.apache.commons.net.ProtocolCommandListener;
import org.apache.commons.net.ftp.FTPClient;

/**
 * When a NOOP tells camel-ftp nothing it does not know: the server replied on the connection
 * within the last second. The one rule the {@code ftp} and {@code ftps} components follow
 * ({@link FtpComponentWithFewerNoops}, {@link FtpsComponentWithFewerNoops}).
 *
 * <p>camel-ftp sends a NOOP before each upload, to find a pooled connection the server closed
 * while it was idle, and another before the rename that follows the upload (its {@code
 * FtpOperations.renameFile}, with no option to turn that off). The FTP sink so sent NOOP, PASV,
 * STOR, NOOP, RNFR and RNTO per file, where a plain client sends the last four only (strace of
 * the benchmark, 2026-12-04): two round trips more per file, each one a network's latency to a
 * remote server. A reply a moment ago proves what the NOOP would, that the server still holds the
 * connection. After a second of silence the NOOP goes out as before, so a connection that sat
 * idle in the pool is still tested before it is used. {@code sendNoop=false} would drop the first
 * NOOP only, and also that test. Java for speed: small media to vsftpd went from 253 and 192 to
 * 290 and 304 stored/s, and from 4.3 and 5.5 to 3.8 and 3.3 ms of CPU per media (benchmark, jars
 * taking turns, 2026-12-04).
 *
 * <p>It listens to one client's replies (every reply after the greeting, to commands and an
 * upload's last one, comes through the client's protocol listeners); a client is used by one
 * producer, one thread, at a time, as camel-ftp's are.
 */
final class FreshReplies implements ProtocolCommandListener {

    private static final long REPLY_STAYS_FRESH = TimeUnit.SECONDS.toNanos(1);

    private final FTPClient client;
    private long lastReplyAt;
    private boolean replied;

    private FreshReplies(FTPClient client) {
        this.client = client;
    }

    /** Listens to the client's replies from now on. */
    static FreshReplies of(FTPClient client) {
        FreshReplies replies = new FreshReplies(client);
        client.addProtocolCommandListener(replies);
        return replies;
    }

    /**
     * Whether a NOOP now would only confirm what a reply on this connection showed within the last
     * second. A connection made again since has replied to its greeting and login, so a fresh reply
     * is always the current connection's.
     */
    boolean makeNoopNeedless() {
        return replied && System.nanoTime() - lastReplyAt < REPLY_STAYS_FRESH && client.isConnected();
    }

    @Override
    public void protocolReplyReceived(ProtocolCommandEvent event) {
        lastReplyAt = System.nanoTime();
        replied = true;
    }

    @Override
    public void protocolCommandSent(ProtocolCommandEvent event) {
        // a command proves nothing about the server; its reply does
    }
}
