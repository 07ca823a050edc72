package org.docbridge.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MetricsAccessTest {

    static final String KEY = "a-metrics-key-of-thirty-two-chars-or-more";

    @Test
    void theDefaultLetsLoopbackInAndNobodyElse() {
        MetricsAccess access = new MetricsAccess(null, "127.0.0.1, ::1");
        assertTrue(access.permits("127.0.0.1", null));
        assertTrue(access.permits("0:0:0:0:0:0:0:1", null));
        assertTrue(access.permits("::1", null));
        assertFalse(access.permits("127.0.0.2", null));
        assertFalse(access.permits("10.1.2.3", null));
        assertFalse(access.permits("10.1.2.3", "Bearer anything"), "no key is configured: no key works");
    }

    @Test
    void rangesMatchByTheirPrefix() {
        MetricsAccess access = new MetricsAccess(null, "10.0.0.0/8, 192.168.4.0/22, 2001:db8::/32, 172.16.5.7/32");
        assertTrue(access.permits("10.255.0.1", null));
        assertFalse(access.permits("11.0.0.1", null));
        assertTrue(access.permits("192.168.7.255", null));
        assertFalse(access.permits("192.168.8.0", null));
        assertTrue(access.permits("2001:db8:ffff::1", null));
        assertFalse(access.permits("2001:db9::1", null));
        assertTrue(access.permits("172.16.5.7", null));
        assertFalse(access.permits("172.16.5.6", null));
        assertFalse(access.permits("::ffff:11.0.0.1", null));
        assertTrue(access.permits("::ffff:10.0.0.1", null), "an IPv4-mapped address is the IPv4 one");
        assertTrue(new MetricsAccess(null, "0.0.0.0/0").permits("203.0.113.9", null));
    }

    @Test
    void theKeyOpensFromAnywhereAndOnlyExactly() {
        MetricsAccess access = new MetricsAccess(KEY, "127.0.0.1");
        assertTrue(access.permits("203.0.113.9", "Bearer " + KEY));
        assertTrue(access.permits("203.0.113.9", "bearer " + KEY));
        assertFalse(access.permits("203.0.113.9", "Bearer " + KEY + "x"));
        assertFalse(access.permits("203.0.113.9", "Bearer " + KEY.substring(1)));
        assertFalse(access.permits("203.0.113.9", KEY));
        assertFalse(access.permits("203.0.113.9", "Basic " + KEY));
        assertFalse(access.permits("203.0.113.9", null));
    }

    @Test
    void aWrongEntryStopsTheStartNamingTheSetting() {
        for (String wrong : new String[] {"localhost", "10.0.0.0/33", "10.0.0.0/x", "2001:db8::/129", "10.0.0", "*"}) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> new MetricsAccess(null, wrong),
                    wrong);
            assertTrue(e.getMessage().startsWith("docbridge.metrics.allow: '" + wrong + "'"), e.getMessage());
        }
        assertEquals(0, new MetricsAccess(null, " , ").describe().size());
    }

    @Test
    void aClientAddressThatIsNotALiteralIsNeverLookedUp() {
        assertEquals(null, MetricsAccess.literal("example.com"));
        assertFalse(new MetricsAccess(null, "0.0.0.0/0").permits("localhost", null));
    }
}
