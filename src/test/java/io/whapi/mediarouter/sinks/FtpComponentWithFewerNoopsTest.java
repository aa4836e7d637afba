package io.whapi.mediarouter.sinks;

import static org.assertj.core.api.Assertions.assertThat;

import io.whapi.mediarouter.sinks.FtpComponentWithFewerNoops.ClientSkippingNoopsAfterAReply;
import io.whapi.mediarouter.support.FileTransferServers;
import io.whapi.mediarouter.support.FileTransferServers.FtpCommand;
import java.util.List;
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
            int before = SERVERS.ftpCommands().size();

            assertThat(client.sendNoOp()).as("right after the login's reply").isTrue();
            assertThat(sentSince(before)).isEmpty();

            Thread.sleep(1_100);
            assertThat(client.sendNoOp()).as("after a second of silence").isTrue();
            assertThat(sentSince(before)).containsExactly("NOOP");
        } finally {
            client.disconnect();
        }
    }

    private static List<String> sentSince(int before) {
        List<FtpCommand> commands = SERVERS.ftpCommands();
        return commands.subList(before, commands.size()).stream()
                .map(FtpCommand::name)
                .toList();
    }
}
