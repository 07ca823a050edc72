package org.docbridge.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The search index's settings: what they take, and the error that names the setting for the rest. */
class SearchSettingsTest {

    @Test
    void theRescanIntervalTakesDurationsSecondsAndOff() {
        assertEquals(Duration.ofHours(1), StoreProducer.rescanInterval("PT1H"));
        assertEquals(Duration.ofSeconds(90), StoreProducer.rescanInterval(" 90 "));
        assertNull(StoreProducer.rescanInterval("off"));
        assertNull(StoreProducer.rescanInterval("0"));
        for (String bad : new String[] {"hourly", "-PT1H", "PT0S", ""}) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> StoreProducer.rescanInterval(bad));
            assertTrue(e.getMessage().startsWith("docbridge.search.rescan-interval: "), e.getMessage());
        }
    }

    @Test
    void theRescanShareIsAShareOfTheTime() {
        assertEquals(0.25, StoreProducer.rescanShare("0.25"));
        assertEquals(1.0, StoreProducer.rescanShare("1"));
        for (String bad : new String[] {"0", "-0.5", "1.5", "25%", "NaN", ""}) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> StoreProducer.rescanShare(bad));
            assertTrue(e.getMessage().startsWith("docbridge.search.rescan-share: '" + bad + "'"), e.getMessage());
        }
    }
}
