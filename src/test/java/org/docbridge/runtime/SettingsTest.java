package org.docbridge.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The shared parsing of setting values, and the errors a wrong value gets. */
class SettingsTest {

    @ParameterizedTest
    @CsvSource({"PT1H, 3600", "90, 90", " PT0.5S , 0", "P1D, 86400"})
    void durationsAreIsoOrSeconds(String value, long seconds) {
        assertEquals(seconds, Settings.duration("docbridge.x", value).toSeconds());
    }

    @ParameterizedTest
    @ValueSource(strings = {"1h", "", "0", "PT0S", "-PT1S", "soon"})
    void aWrongDurationNamesItsSetting(String value) {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Settings.duration("docbridge.x", value));
        assertTrue(e.getMessage().startsWith("docbridge.x: '" + value + "'"), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"1024, 1024", "1K, 1024", "1M, 1048576", "5G, 5368709120", "5GiB, 5368709120", "2 gb, 2147483648",
            "1T, 1099511627776"})
    void sizesAreBytesOrPowersOf1024(String value, long bytes) {
        assertEquals(bytes, Settings.bytes("docbridge.y", value));
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "", "0", "-1", "1.5G", "G", "9999999999T"})
    void aWrongSizeNamesItsSetting(String value) {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Settings.bytes("docbridge.y", value));
        assertTrue(e.getMessage().startsWith("docbridge.y: '" + value + "'"), e.getMessage());
    }

    @org.junit.jupiter.api.Test
    void aHalfSecondIsKept() {
        assertEquals(Duration.ofMillis(500), Settings.duration("docbridge.x", "PT0.5S"));
    }

    @org.junit.jupiter.api.Test
    void aSecretComesFromItsSettingOrFromAFileNeverBoth(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path file = java.nio.file.Files.writeString(dir.resolve("secret"), "  from-the-file\n");
        java.util.Optional<String> none = java.util.Optional.empty();
        assertEquals("given", Settings.secret("docbridge.s", java.util.Optional.of(" given "), "docbridge.s-file", none));
        assertEquals("from-the-file", Settings.secret("docbridge.s", none, "docbridge.s-file",
                java.util.Optional.of(file.toString())));
        assertEquals(null, Settings.secret("docbridge.s", java.util.Optional.of(" "), "docbridge.s-file", none));
        IllegalStateException both = assertThrows(IllegalStateException.class, () -> Settings.secret("docbridge.s",
                java.util.Optional.of("given"), "docbridge.s-file", java.util.Optional.of(file.toString())));
        assertEquals("docbridge.s and docbridge.s-file are both set; set only one", both.getMessage());
        java.nio.file.Path empty = java.nio.file.Files.writeString(dir.resolve("empty"), " \n");
        IllegalStateException blank = assertThrows(IllegalStateException.class, () -> Settings.secret("docbridge.s",
                none, "docbridge.s-file", java.util.Optional.of(empty.toString())));
        assertTrue(blank.getMessage().startsWith("docbridge.s-file: ") && blank.getMessage().endsWith(" is empty"));
        IllegalStateException missing = assertThrows(IllegalStateException.class, () -> Settings.secret("docbridge.s",
                none, "docbridge.s-file", java.util.Optional.of(dir.resolve("nope").toString())));
        assertTrue(missing.getMessage().contains("cannot read") && !missing.getMessage().contains("from-the-file"),
                missing.getMessage());
    }
}
