package io.whapi.mediarouter.sinks;

import java.net.URI;
import java.util.Map;
import org.apache.camel.component.file.GenericFileEndpoint;
import org.apache.camel.component.file.GenericFileOperationFailedException;
import org.apache.camel.component.file.remote.FtpOperations;
import org.apache.camel.component.file.remote.FtpUtils;
import org.apache.camel.component.file.remote.FtpsComponent;
import org.apache.camel.component.file.remote.FtpsConfiguration;
import org.apache.camel.component.file.remote.FtpsEndpoint;
import org.apache.camel.component.file.remote.FtpsOperations;
import org.apache.camel.component.file.remote.RemoteFileOperations;
import org.apache.commons.net.ftp.FTPClientConfig;
import org.apache.commons.net.ftp.FTPFile;
import org.apache.commons.net.ftp.FTPSClient;
import org.springframework.stereotype.Component;

/**
 * camel-ftp's {@code ftps} component, whose connections skip a NOOP the server has in effect
 * answered already ({@link FreshReplies}), as the {@code ftp} one does: over TLS each NOOP is a
 * round trip too.
 *
 * <p>Registered as the bean {@code ftps}; the TLS client (key and trust stores,
 * {@code sslContextParameters}, the global ones) and {@code camel.component.ftps.*} are
 * camel-ftp's own: FtpsEndpoint makes and sets up the client, and only the operations around it
 * are ours.
 */
@Component("ftps")
@org.apache.camel.spi.annotations.Component("ftps") // names the generated configurers Camel binds URI options with
public class FtpsComponentWithFewerNoops extends FtpsComponent {

    @Override
    protected GenericFileEndpoint<FTPFile> buildFileEndpoint(
            String uri, String remaining, Map<String, Object> parameters) throws Exception {
        // FtpsComponent's own, with the endpoint below in place of FtpsEndpoint
        FtpsConfiguration configuration = new FtpsConfiguration(new URI(getBaseUri(uri)));
        FtpUtils.ensureRelativeFtpDirectory(this, configuration);
        FtpsEndpoint endpoint = new Endpoint(uri, this, configuration);
        extractAndSetFtpClientKeyStoreParameters(parameters, endpoint);
        extractAndSetFtpClientTrustStoreParameters(parameters, endpoint);
        extractAndSetFtpClientConfigParameters(parameters, endpoint);
        extractAndSetFtpClientParameters(parameters, endpoint);
        if (endpoint.getSslContextParameters() == null) {
            endpoint.setSslContextParameters(retrieveGlobalSslContextParameters());
        }
        return endpoint;
    }

    private static final class Endpoint extends FtpsEndpoint {
        Endpoint(String uri, FtpsComponent component, FtpsConfiguration configuration) {
            super(uri, component, configuration);
        }

        @Override
        public RemoteFileOperations<FTPFile> createRemoteFileOperations() throws Exception {
            // FtpsEndpoint's own TLS client, made and set up as the endpoint's options say, in
            // operations that skip the NOOPs a fresh reply makes needless
            FTPSClient client = (FTPSClient) ((FtpOperations) super.createRemoteFileOperations()).getClient();
            FtpsOperations operations = new Operations(client, getFtpClientConfig());
            operations.setEndpoint(this);
            return operations;
        }
    }

    private static final class Operations extends FtpsOperations {
        private final FreshReplies replies;

        Operations(FTPSClient client, FTPClientConfig config) {
            super(client, config);
            this.replies = FreshReplies.of(client);
        }

        @Override
        public boolean sendNoop() throws GenericFileOperationFailedException {
            return replies.makeNoopNeedless() || super.sendNoop();
        }
    }
}
