package io.whapi.mediarouter.sinks;

import static org.assertj.core.api.Assertions.assertThat;

import io.whapi.mediarouter.support.FileTransferServers;
import org.apache.commons.net.ftp.FTPClient;
import org.apache.commons.net.ftp.FTPSClient;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FreshRepliesTest {

    @RegisterExtension
    static final FileTransferServers SERVERS = FileTransferServers.start();

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"ftp", "ftps"})
    void aNoopIsNeedlessOnlyWithinASecondOfTheServersLastReplyOnAConnectionStillOpen(String protocol) throws Exception {
        boolean tls = protocol.equals("ftps");
        // FTPSClient's own default trusts the test server's certificate, made for this run
        FTPClient client = tls ? new FTPSClient() : new FTPClient();
        FreshReplies replies = FreshReplies.of(client);
        assertThat(replies.makeNoopNeedless()).as("before the connection").isFalse();

        client.connect("127.0.0.1", tls ? SERVERS.ftpsPort() : SERVERS.ftpPort());
        try {
            assertThat(client.login(FileTransferServers.USER, FileTransferServers.PASSWORD))
                    .isTrue();
            assertThat(replies.makeNoopNeedless())
                    .as("right after the login's reply")
                    .isTrue();

            Thread.sleep(1_100);
            assertThat(replies.makeNoopNeedless())
                    .as("after a second of silence")
                    .isFalse();

            assertThat(client.sendNoOp()).isTrue();
            assertThat(replies.makeNoopNeedless())
                    .as("right after the NOOP's reply")
                    .isTrue();
        } finally {
            client.disconnect();
        }
        assertThat(replies.makeNoopNeedless())
                .as("once the connection is closed")
                .isFalse();
    }
}
