package org.docbridge.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class MetricsTest {

    static Metrics metrics(boolean enabled, String key, String keyFile) {
        Metrics m = new Metrics();
        m.enabled = enabled;
        m.key = Optional.ofNullable(key);
        m.keyFile = Optional.ofNullable(keyFile);
        m.allow = "127.0.0.1, ::1";
        m.open();
        return m;
    }

    @Test
    void aShortKeyOrTwoKeysStopTheStartNamingTheSettingNotTheKey() {
        IllegalStateException shortKey = assertThrows(IllegalStateException.class,
                () -> metrics(true, "too-short-a-key", null));
        assertTrue(shortKey.getMessage().startsWith("docbridge.metrics.key: the key has 15 characters"),
                shortKey.getMessage());
        assertFalse(shortKey.getMessage().contains("too-short-a-key"));
        IllegalStateException both = assertThrows(IllegalStateException.class,
                () -> metrics(true, "a-metrics-key-of-thirty-two-chars-or-more", "/etc/docbridge/metrics-key"));
        assertTrue(both.getMessage().contains("docbridge.metrics.key-file"), both.getMessage());
    }

    @Test
    void offRecordsNothingButStillChecksItsSettings() {
        Metrics off = metrics(false, null, null);
        assertFalse(off.enabled());
        off.request("/api/metadata", "GET", 200, 1_000_000, 10); // no registry: nothing happens
        assertThrows(IllegalStateException.class, () -> metrics(false, "short", null));
    }

    @Test
    void requestsAreCountedByBoundedLabelsAndOnlyDownloadsCountAsDownloadedBytes() {
        Metrics on = metrics(true, null, null);
        try {
            on.request("/api/download", "GET", 200, 2_000_000, 1000);
            on.request("/links/view/abcdefghijklmnop", "GET", 200, 2_000_000, 500);
            on.request("/api/metadata", "GET", 200, 1_000_000, 300);
            on.request("/api/invented-path", "BREW", 404, 1_000_000, 40);
            on.authFailure("apikey", "invalid-key");
            String text = on.scrape();
            assertTrue(text.contains("docbridge_download_bytes_total 1500.0"), "download bytes:\n" + text);
            assertTrue(text.contains("docbridge_http_requests_seconds_count{endpoint=\"/links/view\",method=\"GET\","
                    + "status=\"200\"} 1"), text);
            assertTrue(text.contains("docbridge_http_requests_seconds_count{endpoint=\"other\",method=\"other\","
                    + "status=\"404\"} 1"), text);
            assertFalse(text.contains("invented") || text.contains("BREW") || text.contains("abcdefghijklmnop"), text);
            assertTrue(text.contains("docbridge_auth_failures_total{mode=\"apikey\",reason=\"invalid-key\"} 1.0"), text);
            assertTrue(on.permits("127.0.0.1", null));
            assertFalse(on.permits("10.0.0.1", null));
        } finally {
            on.close();
        }
    }
}
