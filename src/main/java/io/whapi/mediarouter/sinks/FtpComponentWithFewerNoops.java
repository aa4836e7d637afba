package io.whapi.mediarouter.sinks;

import java.io.IOException;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.camel.component.file.GenericFileEndpoint;
import org.apache.camel.component.file.remote.CamelFTPParserFactory;
import org.apache.camel.component.file.remote.FtpComponent;
import org.apache.camel.component.file.remote.FtpConfiguration;
import org.apache.camel.component.file.remote.FtpEndpoint;
import org.apache.camel.component.file.remote.FtpUtils;
import org.apache.commons.net.ftp.FTPClient;
import org.apache.commons.net.ftp.FTPFile;
import org.springframework.stereotype.Component;

/**
 * camel-ftp's {@code ftp} component, whose connections skip a NOOP the server has in effect
 * answered already: a reply on the same connection within the last second.
 *
 * <p>camel-ftp sends a NOOP before each upload, to find a pooled connection the server closed
 * while it was idle, and another before the rename that follows the upload (its {@code
 * FtpOperations.renameFile}, with no option to turn that off). The FTP sink so sent NOOP, PASV,
 * STOR, NOOP, RNFR and RNTO per file, where a plain client sends the last four only (strace of
 * the benchmark, 2026-12-04). A reply a moment ago proves what the NOOP would: that the server
 * still holds the connection. After a second of silence the NOOP goes out as before, so a
 * connection that sat idle in the pool is still tested before it is used. {@code sendNoop=false}
 * would drop the first NOOP only, and also that test. Java for speed: small media to vsftpd went
 * from 253 and 192 to 290 and 304 stored/s, and from 4.3 and 5.5 to 3.8 and 3.3 ms of CPU per
 * media (benchmark, jars taking turns, 2026-12-04).
 *
 * <p>Registered as the bean {@code ftp}, where Camel looks for the component first; everything
 * else is camel-ftp's own, {@code camel.component.ftp.*} settings included. FTPS and SFTP are
 * camel-ftp's as they are.
 */
@Component("ftp")
@org.apache.camel.spi.annotations.Component("ftp") // names the generated configurers Camel binds URI options with
public class FtpComponentWithFewerNoops extends FtpComponent {

    @Override
    protected GenericFileEndpoint<FTPFile> buildFileEndpoint(
            String uri, String remaining, Map<String, Object> parameters) throws Exception {
        // FtpComponent's own, with the endpoint below in place of FtpEndpoint
        FtpConfiguration configuration = new FtpConfiguration(new URI(getBaseUri(uri)));
        FtpUtils.ensureRelativeFtpDirectory(this, configuration);
        FtpEndpoint<FTPFile> endpoint = new Endpoint(uri, this, configuration);
        extractAndSetFtpClientConfigParameters(parameters, endpoint);
        extractAndSetFtpClientParameters(parameters, endpoint);
        return endpoint;
    }

    private static final class Endpoint extends FtpEndpoint<FTPFile> {
        Endpoint(String uri, FtpComponent component, FtpConfiguration configuration) {
            super(uri, component, configuration);
        }

        @Override
        protected FTPClient createFtpClient() throws Exception {
            // as FtpEndpoint makes its client
            FTPClient client = new ClientSkippingNoopsAfterAReply();
            client.setParserFactory(new CamelFTPParserFactory(getCamelContext().getClassResolver()));
            return client;
        }
    }

    /** One connection's client: used by one producer (one thread) at a time, as camel-ftp's are. */
    static final class ClientSkippingNoopsAfterAReply extends FTPClient {
        private static final long REPLY_STAYS_FRESH = TimeUnit.SECONDS.toNanos(1);
        private long lastReplyAt;
        private boolean replied;

        /** Every reply after the greeting comes through here: to commands, and an upload's last one. */
        @Override
        public int getReply() throws IOException {
            int reply = super.getReply();
            lastReplyAt = System.nanoTime();
            replied = true;
            return reply;
        }

        @Override
        public boolean sendNoOp() throws IOException {
            if (replied && System.nanoTime() - lastReplyAt < REPLY_STAYS_FRESH && isConnected()) {
                return true;
            }
            return super.sendNoOp();
        }

        @Override
        public void disconnect() throws IOException {
            replied = false;
            super.disconnect();
        }
    }
}
