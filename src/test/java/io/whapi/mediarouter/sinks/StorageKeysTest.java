package io.whapi.mediarouter.sinks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.whapi.mediarouter.MediaMessage;
import io.whapi.mediarouter.support.TestMedia;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class StorageKeysTest {

    private final StorageKeys keys = new StorageKeys(StorageKeys.DEFAULT_TEMPLATE);

    @ParameterizedTest(name = "\"{0}\" -> \"{1}\"")
    @CsvSource(
            delimiter = '|',
            value = {
                "OjI5zPXtkQlm6g-gOWFdSGxaw | OjI5zPXtkQlm6g-gOWFdSGxaw",
                "yRz1.VbdOFCdSWFGDPEYDg    | yRz1.VbdOFCdSWFGDPEYDg",
                "..                        | _",
                ".                         | _",
                "''                        | _",
                "a/b\\c                    | a_b_c",
                "../../etc/passwd          | .._.._etc_passwd",
                "15550100123@s.whatsapp.net| 15550100123_s.whatsapp.net",
                "naïve 😀                  | na_ve__",
            })
    void segmentKeepsOnlySafeCharacters(String value, String expected) {
        assertThat(StorageKeys.segment(value)).isEqualTo(expected);
    }

    @Test
    void valuesThatSanitiseAlikeStillGetDistinctKeys() {
        assertThat(StorageKeys.distinctSegment("a_b")).isEqualTo("a_b");
        assertThat(StorageKeys.distinctSegment("a/b"))
                .startsWith("a_b-")
                .isNotEqualTo(StorageKeys.distinctSegment("a\\b"));
        assertThat(StorageKeys.distinctSegment("x".repeat(200)))
                .isNotEqualTo(StorageKeys.distinctSegment("x".repeat(201)));
        assertThat(StorageKeys.distinctSegment("..")).matches("_-[0-9a-f]{8}");
    }

    @Test
    void segmentIsAtMost128Characters() {
        assertThat(StorageKeys.segment("a".repeat(300))).hasSize(128);
    }

    @ParameterizedTest(name = "{0} / {1} -> {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "contract draft v2.docx | application/pdf         | docx",
                "REPORT.PDF             | application/pdf         | pdf",
                "no-extension           | application/pdf         | pdf",
                "../../x.pdf            | ''                      | pdf",
                "''                     | audio/ogg; codecs=opus  | ogg",
                "''                     | image/heic              | heic",
                "''                     | application/x-weird+xml | bin",
                "''                     | ''                      | bin",
                "archive.tar.gz         | application/gzip        | gz",
                "evil.p/hp              | image/jpeg              | jpg",
            })
    void extensionComesFromFileNameThenMimeTypeThenBin(String fileName, String mime, String expected) {
        assertThat(StorageKeys.extension(
                        media("id", fileName.isEmpty() ? null : fileName, mime.isEmpty() ? null : mime)))
                .isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"2024, 4", "7, 2", "12, 2", "0, 4", "-44, 4", "-2024, 4", "123456, 4"})
    void datePartsArePaddedAsFormatPadsThem(int value, int width) {
        assertThat(StorageKeys.zeroPadded(value, width)).isEqualTo(String.format("%0" + width + "d", value));
    }

    @Test
    void keyIsChannelTypeUtcDateAndMessageId() {
        // 2025-08-05T23:59:59Z: the UTC date, whatever the JVM's zone
        MediaMessage media = TestMedia.of("image", "jpeg-1", "image/jpeg")
                .channel("ORCHID-Q7K2P")
                .message("OjI5zPXtkQlm6g-gOWFdSGxaw")
                .chat("1@s.whatsapp.net", "1")
                .at(1754438399L)
                .fileSize(1L)
                .build();

        assertThat(keys.keyFor(media)).isEqualTo("ORCHID-Q7K2P/image/2025/08/05/OjI5zPXtkQlm6g-gOWFdSGxaw.jpg");
    }

    private static MediaMessage media(String id, String fileName, String mime) {
        return TestMedia.of("document", "m", mime)
                .message(id)
                .fileName(fileName)
                .build();
    }

    @Test
    void keyTemplateArrangesSanitisedValues() {
        StorageKeys byChat = new StorageKeys("{chat}/{yyyy}-{MM}/{messageId}-{fileName}");
        MediaMessage document = TestMedia.of("document", "m/1", "application/pdf")
                .message("../msg")
                .chat("120363@g.us", "1")
                .at(1754438399L)
                .fileSize(1L)
                .fileName("../../etc/passwd")
                .build();

        String key = byChat.keyFor(document);

        assertThat(key).matches("120363_g.us-[0-9a-f]{8}/2025-08/.._msg-[0-9a-f]{8}-.._.._etc_passwd-[0-9a-f]{8}");
        assertThat(key.split("/")).doesNotContain("..", ".", "");
    }

    @Test
    void fileNameFallsBackToMediaIdAndExtension() {
        StorageKeys byName = new StorageKeys("{type}/{messageId}/{fileName}");

        assertThat(byName.keyFor(media("id", null, "image/jpeg"))).isEqualTo("document/id/m.jpg");
        assertThat(byName.keyFor(media("id", "Q3 report.pdf", null))).startsWith("document/id/Q3_report.pdf-");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "/{messageId}.{ext}",
                "../{messageId}",
                "{channel}/../{messageId}",
                "{channel}//{messageId}",
                "{channel}/{messageId}/",
                "{channel}\\{messageId}",
                "{channel}/\t{messageId}",
                "{channel}/{secret}/{messageId}",
                "{channel}/{fileName}",
                "C:{messageId}",
            })
    void unsafeOrAmbiguousTemplatesAreRefusedAtStartup(String template) {
        assertThat(StorageKeys.templateProblem(template))
                .startsWith("media.key-template ")
                .contains("Set media.key-template to");
        assertThatThrownBy(() -> new StorageKeys(template))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("media.key-template ");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {StorageKeys.DEFAULT_TEMPLATE, "{chat}/{yyyy}-{MM}/{messageId}-{fileName}", "x/{messageId}"})
    void safeTemplatesHaveNoProblem(String template) {
        assertThat(StorageKeys.templateProblem(template)).isNull();
    }
}
