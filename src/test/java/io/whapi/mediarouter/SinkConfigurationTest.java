package io.whapi.mediarouter;

import io.whapi.mediarouter.sinks.MediaProperties;
import io.whapi.mediarouter.sinks.SinkConfigurationException;
import io.whapi.mediarouter.sinks.SinkRoutes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.builder.SpringApplicationBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A sink or routing setting that cannot work stops startup with one line that says which. */
@ExtendWith(OutputCaptureExtension.class)
class SinkConfigurationTest {

    @Test
    void routingToAnUndefinedSinkFailsStartup() {
        assertThatThrownBy(() -> start("--media.routing.image=file,nas"))
                .hasRootCauseInstanceOf(SinkConfigurationException.class)
                .rootCause().hasMessage("media.routing.image names sink 'nas', but no sink of that name is defined");
    }

    @Test
    void unsupportedSchemeFailsStartupWithoutPrintingTheUri() {
        assertThatThrownBy(() -> start("--media.sinks.vault.uri=smb://admin:Pa55word@nas/share"))
                .rootCause()
                .isInstanceOf(SinkConfigurationException.class)
                .hasMessageContaining("Sink 'vault'")
                .hasMessageContaining("'smb'")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("Pa55word"));
    }

    @Test
    void unknownMediaTypeInRoutingFailsStartup() {
        assertThatThrownBy(() -> start("--media.routing.imgae=file"))
                .rootCause().hasMessage("media.routing.imgae names no media type");
    }

    @Test
    void ftpSinkAskingForAsciiModeIsRefused() {
        assertThatThrownBy(() -> start("--media.sinks.nas.uri=ftp://u@127.0.0.1:2121/in?binary=false&password=RAW(Pa55word)"))
                .rootCause()
                .hasMessage("Sink 'nas' asks for FTP ASCII mode (binary=false), which corrupts media");
    }

    @Test
    void sinkUriWithAnOptionTheComponentLacksStopsStartupNamingTheSink(CapturedOutput output) {
        assertThatThrownBy(() -> start("--media.sinks.nas.uri=ftp://u@127.0.0.1:2121/in?binaryy=true&password=RAW(Pa55word)"));

        assertThat(output.getOut()).contains("Sink 'nas' cannot start:").contains("binaryy").doesNotContain("Pa55word");
    }

    @Test
    void keyTemplateThatCouldLeaveTheSinkRootFailsStartup() {
        assertThatThrownBy(() -> start("--media.key-template={channel}/../{messageId}.{ext}"))
                .rootCause()
                .hasMessage("media.key-template must be a relative path with no empty or '..' part");
    }

    @Test
    void safeDefaultsAreAddedOnlyWhereTheUriIsSilent() {
        MediaProperties properties = new MediaProperties();
        assertThat(SinkRoutes.withSafeDefaults("nas", "ftp", "ftp://u@h/in?password=RAW(a&b)", properties))
                .isEqualTo("ftp://u@h/in?password=RAW(a&b)&tempPrefix=.inprogress-&fileExist=Override&binary=true&passiveMode=true");
        assertThat(SinkRoutes.withSafeDefaults("nas", "ftp", "ftp://u@h/in?passiveMode=false&tempFileName=x.tmp", properties))
                .isEqualTo("ftp://u@h/in?passiveMode=false&tempFileName=x.tmp&fileExist=Override&binary=true");
        assertThat(SinkRoutes.withSafeDefaults("s3", "aws2-s3", "aws2-s3://b", properties))
                .isEqualTo("aws2-s3://b?multiPartUpload=true&partSize=26214400&fileName=unkeyed-media");
    }

    private static void start(String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "--server.port=0";
        all[1] = "--management.server.port=0";
        all[2] = "--media.work-dir=target/sink-configuration-test";
        System.arraycopy(args, 0, all, 3, args.length);
        new SpringApplicationBuilder(WhapiMediaRouterApplication.class).run(all).close();
    }
}
