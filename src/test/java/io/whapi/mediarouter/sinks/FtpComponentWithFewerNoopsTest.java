package io.whapi.mediarouter.sinks;

import static org.assertj.core.api.Assertions.assertThat;

import io.whapi.mediarouter.sinks.FtpComponentWithFewerNoops.ClientSkippingNoopsAfterAReply;
import io.whapi.mediarouter.support.FileTransferServers;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class FtpComponentWithFewerNoopsTest {

    @RegisterExtension
    static final FileTransferServers SERVERS = FileTransferServers.start();

    @Test
    void aNoopGoesToTheServerOnlyAfterASecondWithoutAReply() throws Exception {
        ClientSkippingNoopsAfterAReply client = new ClientSkippingNoopsAfterAReply();
        client.connect("127.0.0.1", SERVERS.ftpPort());
        try {
            assertThat(client.login(FileTransferServers.USER, FileTransferServers.PASSWORD))
                    .isTrue();

            assertThat(client.sendNoOp()).as("right after the login's reply").isTrue();
            // the server logs a command after it has replied: a NOOP sent now would be logged
            // well within the second this test waits anyway
            Thread.sleep(1_100);
            assertThat(noopsReceived()).isZero();

            assertThat(client.sendNoOp()).as("after a second of silence").isTrue();
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> noopsReceived() == 1);
        } finally {
            client.disconnect();
        }
    }

    private static long noopsReceived() {
        return SERVERS.ftpCommands().stream()
                .filter(command -> command.name().equals("NOOP"))
                .count();
    }
}
