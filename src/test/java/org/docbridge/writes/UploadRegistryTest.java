package org.docbridge.writes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.docbridge.state.FlakyState;
import org.docbridge.state.StateException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The upload registry without a container, on the embedded state database: its look-ups, expiry,
 * restarts, two nodes sharing the database, and a database that fails mid-call.
 */
class UploadRegistryTest {

    static final List<FlakyState.Fault> FAULTS = List.of(FlakyState.Fault.CONNECT, FlakyState.Fault.WRITE);

    @TempDir
    Path folder;

    FlakyState state;

    @BeforeEach
    void openDatabase() {
        state = FlakyState.open(folder);
    }

    @AfterEach
    void closeDatabase() {
        state.close();
    }

    /** A registry as CDI would make it on a node: a restart, or another node, is just another one. */
    UploadRegistry open(String ttl) {
        return new UploadRegistry(state.database, ttl);
    }

    UploadRegistry open() {
        return open("PT1H");
    }

    static Set<String> ids(List<UploadRegistry.Session> sessions) {
        return sessions.stream().map(s -> s.id).collect(Collectors.toSet());
    }

    long rows() {
        return state.query(c -> {
            try (PreparedStatement q = c.prepareStatement("SELECT COUNT(*) FROM uploads"); ResultSet r = q.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        });
    }

    @Test
    void anOpenedSessionRemembersItsUserAndWorkfrontIds() {
        UploadRegistry registry = open();
        Instant before = Instant.now();
        UploadRegistry.Session s = registry.opened("AAAAAAAAAAAAAAAA", "jane.doe@example.com", "doc1", "ver1");
        Instant after = Instant.now().plusMillis(1);
        assertEquals("AAAAAAAAAAAAAAAA", s.id);
        assertEquals("jane.doe@example.com", s.user);
        assertEquals("doc1", s.documentId);
        assertEquals("ver1", s.documentVersionId);
        assertNull(s.completed());
        assertFalse(s.opened.isBefore(before.minusMillis(1)) || s.opened.isAfter(after), s.opened.toString());
        assertEquals(Optional.of(s), registry.session("AAAAAAAAAAAAAAAA"));
        assertEquals(Optional.empty(), registry.session("BBBBBBBBBBBBBBBB"));
        assertEquals(Optional.empty(), registry.session(null));
        assertEquals(Duration.ofHours(1), registry.ttl());
        assertEquals(1, rows(), "written to the uploads table");
    }

    @Test
    void theTtlIsReadAsIsoOrSecondsAndABadOneIsRefused() {
        assertEquals(Duration.ofMinutes(5), open("PT5M").ttl());
        assertEquals(Duration.ofSeconds(90), open("90").ttl());
        assertThrows(IllegalStateException.class, () -> open("soon"));
        assertThrows(IllegalStateException.class, () -> open("0"));
    }

    @Test
    void itemForLooksUpByVersionFirstThenByDocument() {
        UploadRegistry registry = open();
        registry.opened("first0000000000A", "jane", "doc", "v1");
        registry.opened("second000000000B", "jane", "doc", "v2");
        registry.opened("other0000000000C", "joe", "otherdoc", null);
        assertEquals(Optional.of("first0000000000A"), registry.itemFor("doc", "v1"), "the version decides");
        assertEquals(Optional.of("second000000000B"), registry.itemFor("doc", "v2"));
        assertEquals(Optional.of("first0000000000A"), registry.itemFor(null, "v1"));
        assertEquals(Optional.of("first0000000000A"), registry.itemFor("otherdoc", "v1"), "version before document");
        assertEquals(Optional.of("second000000000B"), registry.itemFor("doc", "v9"), "unknown version: the document's latest");
        assertEquals(Optional.of("second000000000B"), registry.itemFor("doc", null));
        assertEquals(Optional.of("other0000000000C"), registry.itemFor("otherdoc", "v9"));
        assertEquals(Optional.empty(), registry.itemFor("nodoc", "v9"));
        assertEquals(Optional.empty(), registry.itemFor(null, null));
        assertEquals(Optional.empty(), registry.itemFor(null, "v9"));
    }

    @Test
    void whenTheLatestVersionIsForgottenTheEarlierOneAnswersForTheDocument() {
        UploadRegistry registry = open();
        registry.opened("first0000000000A", "jane", "doc", "v1");
        registry.opened("second000000000B", "jane", "doc", "v2");
        registry.forget("second000000000B");
        assertEquals(Optional.of("first0000000000A"), registry.itemFor("doc", null));
        assertEquals(Optional.of("first0000000000A"), registry.itemFor("doc", "v2"));
        registry.forget("first0000000000A");
        assertEquals(Optional.empty(), registry.itemFor("doc", "v1"));
    }

    @Test
    void completedMarksTheSessionAndUnknownIdsAreIgnored() {
        UploadRegistry registry = open();
        registry.opened("AAAAAAAAAAAAAAAA", "jane", "doc", "ver");
        Instant before = Instant.now().minusMillis(1);
        registry.completed("AAAAAAAAAAAAAAAA", 1234);
        Instant done = registry.session("AAAAAAAAAAAAAAAA").orElseThrow().completed();
        assertFalse(done == null || done.isBefore(before) || done.isAfter(Instant.now()), String.valueOf(done));
        registry.completed("ZZZZZZZZZZZZZZZZ", 1);
        assertEquals(Optional.empty(), registry.session("ZZZZZZZZZZZZZZZZ"), "nothing is made for an unknown session");
        assertEquals(1, rows());
    }

    @Test
    void forgetDropsTheSessionAndItsWorkfrontIds() {
        UploadRegistry registry = open();
        registry.opened("AAAAAAAAAAAAAAAA", "jane", "doc", "ver");
        registry.opened("BBBBBBBBBBBBBBBB", "jane", "doc2", "ver2");
        registry.forget("AAAAAAAAAAAAAAAA");
        assertEquals(Optional.empty(), registry.session("AAAAAAAAAAAAAAAA"));
        assertEquals(Optional.empty(), registry.itemFor("doc", "ver"));
        assertEquals(Optional.of("BBBBBBBBBBBBBBBB"), registry.itemFor("doc2", "ver2"));
        registry.forget("AAAAAAAAAAAAAAAA");
        registry.forget("never-opened");
        assertEquals(1, rows());
    }

    @Test
    void aRestartFindsSessionsCompletionsAndForgetting() {
        UploadRegistry registry = open();
        UploadRegistry.Session a = registry.opened("AAAAAAAAAAAAAAAA", "Jane Doe é+%", "doc-a", "ver-a");
        UploadRegistry.Session b = registry.opened("BBBBBBBBBBBBBBBB", "joe", null, "-");
        registry.opened("CCCCCCCCCCCCCCCC", "gone", "doc-c", "ver-c");
        registry.completed("AAAAAAAAAAAAAAAA", 42);
        Instant completed = registry.session("AAAAAAAAAAAAAAAA").orElseThrow().completed();
        registry.forget("CCCCCCCCCCCCCCCC");

        UploadRegistry again = open();
        UploadRegistry.Session a2 = again.session("AAAAAAAAAAAAAAAA").orElseThrow();
        assertEquals("Jane Doe é+%", a2.user);
        assertEquals("doc-a", a2.documentId);
        assertEquals("ver-a", a2.documentVersionId);
        assertEquals(a.opened, a2.opened);
        assertEquals(completed, a2.completed());
        UploadRegistry.Session b2 = again.session("BBBBBBBBBBBBBBBB").orElseThrow();
        assertEquals("joe", b2.user);
        assertNull(b2.documentId, "absent stays absent");
        assertEquals("-", b2.documentVersionId, "a literal '-' is not taken for absent");
        assertEquals(b.opened, b2.opened);
        assertNull(b2.completed());
        assertEquals(Optional.empty(), again.session("CCCCCCCCCCCCCCCC"), "forgotten stays forgotten");
        assertEquals(Optional.of("AAAAAAAAAAAAAAAA"), again.itemFor("doc-a", "ver-a"));
        assertEquals(Optional.of("AAAAAAAAAAAAAAAA"), again.itemFor("doc-a", null));
        assertEquals(Optional.of("BBBBBBBBBBBBBBBB"), again.itemFor(null, "-"));
        assertEquals(Optional.empty(), again.itemFor("doc-c", "ver-c"));
    }

    @Test
    void aSessionOpenedOnOneNodeIsFinishedOnTheOther() {
        UploadRegistry one = open();
        UploadRegistry two = open();
        UploadRegistry.Session opened = one.opened("AAAAAAAAAAAAAAAA", "jane", "doc", "ver");
        UploadRegistry.Session there = two.session("AAAAAAAAAAAAAAAA").orElseThrow();
        assertEquals(opened, there);
        assertTrue(two.isOpen(there, Instant.now()));
        assertEquals(Optional.of("AAAAAAAAAAAAAAAA"), two.itemFor("doc", "ver"));
        assertTrue(two.started("AAAAAAAAAAAAAAAA"));
        two.completed("AAAAAAAAAAAAAAAA", 5);
        two.finished("AAAAAAAAAAAAAAAA");
        assertNotNull(one.session("AAAAAAAAAAAAAAAA").orElseThrow().completed(), "the first node sees it completed");
        Instant later = Instant.now().plus(Duration.ofHours(2));
        assertEquals(Set.of(), ids(one.expired(later)), "a completed session never expires");
        two.forget("AAAAAAAAAAAAAAAA");
        assertEquals(Optional.empty(), one.itemFor("doc", "ver"));
    }

    @Test
    void expiredAreTheNeverCompletedSessionsPastTheTtlWithNoUploadRunning() {
        UploadRegistry registry = open("PT1H");
        registry.opened("AAAAAAAAAAAAAAAA", "jane", "a", null);
        registry.opened("BBBBBBBBBBBBBBBB", "jane", "b", null);
        registry.opened("CCCCCCCCCCCCCCCC", "jane", "c", null);
        registry.opened("DDDDDDDDDDDDDDDD", "jane", "d", null);
        registry.completed("BBBBBBBBBBBBBBBB", 10);
        registry.started("CCCCCCCCCCCCCCCC");
        registry.started("DDDDDDDDDDDDDDDD");
        registry.started("DDDDDDDDDDDDDDDD");
        registry.finished("DDDDDDDDDDDDDDDD"); // one of two uploads still running

        Instant now = Instant.now();
        Instant later = now.plus(Duration.ofHours(1)).plusSeconds(1);
        UploadRegistry.Session a = registry.session("AAAAAAAAAAAAAAAA").orElseThrow();
        assertTrue(registry.isOpen(a, now));
        assertFalse(registry.isOpen(a, later));
        assertEquals(Set.of(), ids(registry.expired(now)), "all still within the ttl");
        assertEquals(Set.of("AAAAAAAAAAAAAAAA"), ids(registry.expired(later)));

        registry.finished("CCCCCCCCCCCCCCCC");
        registry.finished("DDDDDDDDDDDDDDDD");
        assertEquals(Set.of("AAAAAAAAAAAAAAAA", "CCCCCCCCCCCCCCCC", "DDDDDDDDDDDDDDDD"), ids(registry.expired(later)));
        registry.finished("DDDDDDDDDDDDDDDD"); // one finish too many does no harm
        registry.started("DDDDDDDDDDDDDDDD");
        assertEquals(Set.of("AAAAAAAAAAAAAAAA", "CCCCCCCCCCCCCCCC"), ids(registry.expired(later)));

        registry.forget("AAAAAAAAAAAAAAAA");
        assertEquals(Set.of("CCCCCCCCCCCCCCCC"), ids(registry.expired(later)));
    }

    @Test
    void recentAreTheSessionsAnUploadCouldHaveBeenWritingTo() {
        UploadRegistry registry = open("PT1H");
        registry.opened("AAAAAAAAAAAAAAAA", "jane", "a", null);
        registry.opened("BBBBBBBBBBBBBBBB", "jane", "b", null);
        registry.completed("BBBBBBBBBBBBBBBB", 10);
        Instant now = Instant.now();
        assertEquals(Set.of("AAAAAAAAAAAAAAAA", "BBBBBBBBBBBBBBBB"), ids(registry.recent(now)));
        assertEquals(Set.of("AAAAAAAAAAAAAAAA"), ids(registry.recent(now.plus(Duration.ofHours(3)))),
                "a completed one only within twice the ttl; one never completed always");
    }

    @Test
    void anExpiryClaimKeepsUploadsOutUntilItEnds() {
        UploadRegistry registry = open();
        UploadRegistry.Session s = registry.opened("AAAAAAAAAAAAAAAA", "jane", "a", null);
        Instant later = Instant.now().plus(Duration.ofHours(1)).plusSeconds(1);
        assertFalse(registry.beginExpiry(s, Instant.now()), "still open");
        assertTrue(registry.started(s.id));
        assertFalse(registry.beginExpiry(s, later), "an upload runs here");
        registry.finished(s.id);
        assertTrue(registry.beginExpiry(s, later));
        assertFalse(registry.started(s.id), "no upload starts while it is being removed");
        assertFalse(open().started(s.id), "nor on another node");
        registry.endExpiry(s.id);
        assertTrue(open().started(s.id));
    }

    @Test
    void exactlyOneNodeClaimsAnExpiredSession() throws Exception {
        UploadRegistry one = open();
        UploadRegistry two = open();
        Instant later = Instant.now().plus(Duration.ofHours(1)).plusSeconds(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int i = 0; i < 30; i++) {
                UploadRegistry.Session s = one.opened(String.format("ID%014d", i), "jane", "doc" + i, null);
                CyclicBarrier start = new CyclicBarrier(2);
                Future<Boolean> a = pool.submit(() -> {
                    start.await();
                    return one.beginExpiry(s, later);
                });
                Future<Boolean> b = pool.submit(() -> {
                    start.await();
                    return two.beginExpiry(two.session(s.id).orElseThrow(), later);
                });
                boolean oneClaimed = a.get(10, TimeUnit.SECONDS);
                boolean twoClaimed = b.get(10, TimeUnit.SECONDS);
                assertTrue(oneClaimed ^ twoClaimed, "exactly one claim of " + s.id + ": " + oneClaimed + " " + twoClaimed);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aClaimOfANodeThatStoppedLapsesAndItsLateEndLeavesTheNewClaim() {
        UploadRegistry one = open();
        UploadRegistry two = open();
        UploadRegistry.Session s = one.opened("AAAAAAAAAAAAAAAA", "jane", "a", null);
        Instant later = Instant.now().plus(Duration.ofHours(1)).plusSeconds(1);
        assertTrue(one.beginExpiry(s, later));
        assertFalse(two.beginExpiry(s, later.plus(UploadRegistry.CLAIM)), "the first claim still holds");
        assertTrue(two.beginExpiry(s, later.plus(UploadRegistry.CLAIM).plusSeconds(1)), "then it lapses");
        one.endExpiry(s.id); // the first node, late: the second node's claim stays
        assertFalse(one.started(s.id));
        assertFalse(one.beginExpiry(s, later.plus(UploadRegistry.CLAIM).plusSeconds(2)));
        two.endExpiry(s.id);
        assertTrue(one.started(s.id));
    }

    @Test
    void aCompletedSessionIsNotClaimed() {
        UploadRegistry one = open();
        UploadRegistry.Session s = one.opened("AAAAAAAAAAAAAAAA", "jane", "a", null);
        open().completed(s.id, 3); // on another node; this node's copy of the session is older
        assertFalse(one.beginExpiry(s, Instant.now().plus(Duration.ofHours(2))));
    }

    /** A failed uploadInit's session must not appear: not here, not on another node. */
    @Test
    void aSessionWhoseWriteFailedNeverAppears() {
        UploadRegistry registry = open();
        for (FlakyState.Fault fault : FAULTS) {
            state.failNext(fault);
            StateException e = assertThrows(StateException.class,
                    () -> registry.opened("AAAAAAAAAAAAAAAA", "jane", "doc-a", "ver-a"));
            assertTrue(e.unavailable(), fault.name());
            assertEquals(Optional.empty(), registry.session("AAAAAAAAAAAAAAAA"), fault.name());
            assertEquals(0, rows(), fault.name());
        }
        registry.opened("BBBBBBBBBBBBBBBB", "jane", "doc-b", "ver-b");
        UploadRegistry again = open();
        assertEquals(Optional.empty(), again.itemFor("doc-a", "ver-a"));
        assertEquals(Optional.of("BBBBBBBBBBBBBBBB"), again.itemFor("doc-b", "ver-b"));
    }

    @Test
    void aSessionReplacingAnOldOneIsAllOrNothing() {
        UploadRegistry registry = open();
        registry.opened("AAAAAAAAAAAAAAAA", "jane", "doc-a", "ver-a");
        state.failNext(FlakyState.Fault.COMMIT);
        assertThrows(StateException.class, () -> registry.opened("AAAAAAAAAAAAAAAA", "joe", "doc-b", "ver-b"));
        assertEquals("jane", registry.session("AAAAAAAAAAAAAAAA").orElseThrow().user, "the old session stays whole");
        assertEquals(Optional.of("AAAAAAAAAAAAAAAA"), registry.itemFor("doc-a", "ver-a"));
        assertEquals(Optional.empty(), registry.itemFor("doc-b", "ver-b"));
    }

    @Test
    void aCompletionWhoseWriteFailedNeverAppears() {
        UploadRegistry registry = open();
        registry.opened("AAAAAAAAAAAAAAAA", "jane", "doc-a", "ver-a");
        for (FlakyState.Fault fault : FAULTS) {
            state.failNext(fault);
            assertThrows(StateException.class, () -> registry.completed("AAAAAAAAAAAAAAAA", 10), fault.name());
            assertNull(open().session("AAAAAAAAAAAAAAAA").orElseThrow().completed(), "still awaiting its content");
        }
    }

    @Test
    void aForgetWhoseWriteFailedChangesNothing() {
        UploadRegistry registry = open();
        registry.opened("AAAAAAAAAAAAAAAA", "jane", "doc-a", "ver-a");
        for (FlakyState.Fault fault : FAULTS) {
            state.failNext(fault);
            assertThrows(StateException.class, () -> registry.forget("AAAAAAAAAAAAAAAA"), fault.name());
            assertEquals(Optional.of("AAAAAAAAAAAAAAAA"), open().itemFor("doc-a", "ver-a"), "still known");
        }
        registry.forget("AAAAAAAAAAAAAAAA");
        assertEquals(Optional.empty(), open().itemFor("doc-a", "ver-a"), "a later forget works");
    }

    @Test
    void aClaimThatFailedIsNotHeld() {
        UploadRegistry registry = open();
        UploadRegistry.Session s = registry.opened("AAAAAAAAAAAAAAAA", "jane", "a", null);
        Instant later = Instant.now().plus(Duration.ofHours(1)).plusSeconds(1);
        state.failNext(FlakyState.Fault.WRITE);
        assertThrows(StateException.class, () -> registry.beginExpiry(s, later));
        assertTrue(open().beginExpiry(s, later), "another node may claim it");
    }
}
