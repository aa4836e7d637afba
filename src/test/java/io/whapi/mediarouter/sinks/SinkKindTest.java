package io.whapi.mediarouter.sinks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Where a stored media is, as events and provenance tell it: from the kind's location pattern, never a secret. */
class SinkKindTest {

    private static SinkKind kind(String location) {
        return new SinkKind("sink-x", Set.of("x"), Map.of(), Map.of(), Map.of(), location, null, null);
    }

    @Test
    void aRemoteLocationHasTheHostWithoutUserOrPasswordAndNoQueryOption() {
        assertThat(kind("url={scheme}://{host}/{path/}{key}")
                        .locate("sftp://media:Pa55word@sftp.example.com:22/whatsapp/?password=RAW(x)", "a/b.jpg"))
                .containsExactly(Map.entry("url", "sftp://sftp.example.com:22/whatsapp/a/b.jpg"));
        assertThat(kind("url={scheme}://{host}/{path/}{key}").locate("ftp://u@h", "a/b.jpg"))
                .containsExactly(Map.entry("url", "ftp://h/a/b.jpg"));
    }

    @Test
    void aBucketAndAContainerAreTheirOwnFields() {
        assertThat(kind("bucket={root}&key={key}").locate("aws2-s3://media-bucket?secretKey=RAW(s)", "a/b.jpg"))
                .containsExactly(Map.entry("bucket", "media-bucket"), Map.entry("key", "a/b.jpg"));
        assertThat(kind("account={host}&container={path}&blob={key}")
                        .locate("azure-storage-blob://acct/media?accessKey=RAW(k)", "a/b.jpg"))
                .containsExactly(
                        Map.entry("account", "acct"), Map.entry("container", "media"), Map.entry("blob", "a/b.jpg"));
    }

    @Test
    void aLocalFolderIsAnAbsolutePath() {
        assertThat(kind("path={localPath/}{key}").locate("file:data/media?tempPrefix=x", "a/b.jpg"))
                .containsExactly(Map.entry(
                        "path",
                        Path.of("data/media")
                                .toAbsolutePath()
                                .resolve("a/b.jpg")
                                .toString()));
    }

    @Test
    void safeOptionsApplyPerSchemeWhereTheUriIsSilentAndYieldToWhatReplacesThem() {
        SinkKind ftp = new SinkKind(
                "sink-ftp",
                Set.of("ftp", "sftp"),
                Map.of("*", "tempPrefix=.p-&fileExist=Override", "ftp", "binary=true"),
                Map.of("tempFileName", "tempPrefix"),
                Map.of(),
                "",
                null,
                null);
        assertThat(ftp.withSafeOptions("sftp://h/in?fileExist=Fail", Map.of("fileExist", "Fail")))
                .isEqualTo("sftp://h/in?fileExist=Fail&tempPrefix=.p-");
        assertThat(ftp.withSafeOptions("ftp://h/in?tempFileName=x", Map.of("tempFileName", "x")))
                .contains("fileExist=Override")
                .contains("binary=true")
                .doesNotContain("tempPrefix");
    }
}
