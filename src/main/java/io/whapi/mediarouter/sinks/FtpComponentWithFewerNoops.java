package io.whapi.mediarouter.sinks;

import java.net.URI;
import java.util.Map;
import org.apache.camel.component.file.GenericFileEndpoint;
import org.apache.camel.component.file.GenericFileOperationFailedException;
import org.apache.camel.component.file.remote.FtpComponent;
import org.apache.camel.component.file.remote.FtpConfiguration;
import org.apache.camel.component.file.remote.FtpEndpoint;
import org.apache.camel.component.file.remote.FtpOperations;
import org.apache.camel.component.file.remote.FtpUtils;
import org.apache.camel.component.file.remote.RemoteFileOperations;
import org.apache.commons.net.ftp.FTPClient;
import org.apache.commons.net.ftp.FTPClientConfig;
import org.apache.commons.net.ftp.FTPFile;
import org.springframework.stereotype.Component;

/**
 * camel-ftp's {@code ftp} component, whose connections skip a NOOP the server has in effect
 * answered already ({@link FreshReplies} says when, and why).
 *
 * <p>Registered as the bean {@code ftp}, where Camel looks for the component first; everything
 * else is camel-ftp's own, {@code camel.component.ftp.*} settings included. FTPS has its own
 * ({@link FtpsComponentWithFewerNoops}); SFTP is camel-ftp's as it is.
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
        public RemoteFileOperations<FTPFile> createRemoteFileOperations() throws Exception {
            // FtpEndpoint's own client, made and set up as the endpoint's options say, in
            // operations that skip the NOOPs a fresh reply makes needless
            FTPClient client = ((FtpOperations) super.createRemoteFileOperations()).getClient();
            FtpOperations operations = new Operations(client, getFtpClientConfig());
            operations.setEndpoint(this);
            return operations;
        }
    }

    private static final class Operations extends FtpOperations {
        private final FreshReplies replies;

        Operations(FTPClient client, FTPClientConfig config) {
            super(client, config);
            this.replies = FreshReplies.of(client);
        }

        @Override
        public boolean sendNoop() throws GenericFileOperationFailedException {
            return replies.makeNoopNeedless() || super.sendNoop();
        }
    }
}
