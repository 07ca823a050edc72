package org.docbridge.connections;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeadlinesTest {

    static final long S = 1_000_000_000L;
    /** Bytes of answer waiting per connection (none unless set). */
    final Map<String, Long> queued = new HashMap<>();
    final Deadlines<String> d = new Deadlines<>(30 * S, 30 * S);

    List<Deadlines.Expired<String>> expired(long at) {
        return d.expired(at, c -> queued.getOrDefault(c, 0L));
    }

    @Test
    void aHeadTrickledInIsClosedThirtySecondsAfterItsFirstByteWhateverComesAfter() {
        d.opened("c", 0);
        d.read("c", 5 * S);
        for (long t = 6; t <= 35; t++) {
            d.read("c", t * S); // a byte a second: restarts nothing
        }
        assertEquals(List.of(), expired(35 * S));
        assertEquals(List.of(new Deadlines.Expired<>("c", Deadlines.Reason.HEAD)), expired(35 * S + 1));
        assertEquals(0, d.size(), "forgotten once reported");
    }

    @Test
    void anIdleNewConnectionIsLeftToTheServersIdleTimeout() {
        d.opened("c", 0);
        assertEquals(List.of(), expired(3600 * S));
    }

    @Test
    void aWholeHeadEndsTheHeadDeadlineAndALongBodyHasNone() {
        d.opened("c", 0);
        d.read("c", 0);
        d.headRead("c");
        for (long t = 1; t < 600; t++) {
            d.read("c", t * S); // a 10-minute upload body
        }
        assertEquals(List.of(), expired(600 * S));
    }

    @Test
    void aHundredContinueIsNotTheAnswerSoTheBodyAfterItStartsNoHead() {
        d.opened("c", 0);
        d.read("c", 0);
        d.headRead("c");
        d.answering("c", 100, S);
        d.read("c", 2 * S);
        assertEquals(List.of(), expired(100 * S));
    }

    @Test
    void theNextRequestsHeadOnAKeptAliveConnectionHasItsOwnDeadline() {
        d.opened("c", 0);
        d.read("c", 0);
        d.headRead("c");
        d.answering("c", 200, S);
        assertEquals(List.of(), expired(100 * S), "idle between requests: the server's keep-alive timeout");
        d.read("c", 100 * S);
        assertEquals(List.of(), expired(130 * S));
        assertEquals(Deadlines.Reason.HEAD, expired(131 * S).get(0).reason());
    }

    @Test
    void aPipelinedRequestParsedWithoutNewBytesEndsTheWaitForAHead() {
        d.opened("c", 0);
        d.read("c", 0); // two requests in one read
        d.headRead("c");
        d.answering("c", 200, S);
        d.headRead("c"); // the second, from the bytes already read
        d.read("c", 2 * S); // its body
        assertEquals(List.of(), expired(100 * S));
    }

    @Test
    void aConnectionOpenBeforeTheWatchIsWatchedFromItsNextAnswer() {
        d.read("old", 0); // unknown: mid-body perhaps
        assertEquals(0, d.size());
        d.answering("old", 200, S);
        d.read("old", 2 * S);
        assertEquals(Deadlines.Reason.HEAD, expired(33 * S).get(0).reason());
    }

    @Test
    void anAnswerThatWaitsUnreadIsClosedThirtySecondsAfterTheClientLastTookBytes() {
        d.opened("c", 0);
        d.read("c", 0);
        d.headRead("c");
        d.answering("c", 200, S);
        d.written("c", 2 * S);
        queued.put("c", 1L << 20);
        assertEquals(List.of(), expired(32 * S));
        d.written("c", 32 * S); // a slow reader that still reads
        assertEquals(List.of(), expired(62 * S));
        assertEquals(List.of(new Deadlines.Expired<>("c", Deadlines.Reason.ANSWER)), expired(62 * S + 1));
    }

    @Test
    void anAnswerStartedAfterALongIdleGetsItsOwnThirtySeconds() {
        d.opened("c", 0);
        d.read("c", 0);
        d.headRead("c");
        d.answering("c", 200, 1000 * S);
        queued.put("c", 10L);
        assertEquals(List.of(), expired(1010 * S));
    }

    @Test
    void nothingQueuedIsNoUnreadAnswerHoweverLongTheRequestWorks() {
        d.opened("c", 0);
        d.read("c", 0);
        d.headRead("c");
        assertEquals(List.of(), expired(3600 * S));
    }

    @Test
    void aClosedConnectionIsForgotten() {
        d.opened("c", 0);
        d.read("c", 0);
        d.closed("c");
        assertEquals(0, d.size());
        assertEquals(List.of(), expired(100 * S));
    }

    @Test
    void aConnectionClosedBeforeALateEventIsForgottenAtTheSweep() {
        d.closed("c");
        d.opened("c", 0); // a read reported after the close
        d.forget(c -> c.equals("c"));
        assertEquals(0, d.size());
    }

    @Test
    void onlyTheFirstOpeningCounts() {
        d.opened("c", 0);
        d.read("c", 0);
        d.opened("c", 20 * S); // every read reports it again
        assertEquals(Deadlines.Reason.HEAD, expired(31 * S).get(0).reason());
    }

    @Test
    void aDeadlineOfZeroIsNotApplied() {
        Deadlines<String> none = new Deadlines<>(0, 0);
        none.opened("c", 0);
        none.read("c", 0);
        queued.put("c", 5L);
        assertEquals(List.of(), none.expired(3600 * S, c -> queued.getOrDefault(c, 0L)));
    }

    @Test
    void theSettingsAreADurationOrZeroForOff() {
        assertEquals(Duration.ofSeconds(30), ConnectionDeadlines.timeout("k", "PT30S"));
        assertEquals(Duration.ofSeconds(45), ConnectionDeadlines.timeout("k", "45"));
        assertNull(ConnectionDeadlines.timeout("k", " 0 "));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> ConnectionDeadlines.timeout(ConnectionDeadlines.HEAD_KEY, "soon"));
        assertTrue(e.getMessage().startsWith("docbridge.http.head-timeout: 'soon'"), e.getMessage());
    }
}
