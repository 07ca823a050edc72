package org.docbridge.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.docbridge.state.ChangeFeed;
import org.docbridge.state.FlakyState;
import org.docbridge.state.StateException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lock list without a container, on the embedded state database: locking, unlocking, who may
 * unlock, two nodes sharing the database, and a database that fails mid-call.
 */
class LocksTest {

    static final String A = "AAAAAAAAAAAAAAAA";
    static final String B = "BBBBBBBBBBBBBBBB";

    @TempDir
    Path folder;

    FlakyState state;

    /** A node: its own feed and lock list on the shared database. */
    record Node(ChangeFeed feed, Locks locks) {
    }

    @BeforeEach
    void openDatabase() {
        state = FlakyState.open(folder);
    }

    @AfterEach
    void closeDatabase() {
        state.close();
    }

    Node node(LockAdmins admins) {
        ChangeFeed feed = state.node();
        return new Node(feed, new Locks(state.database, feed, admins));
    }

    Node node() {
        return node(LockAdmins.of(null, group -> null));
    }

    Locks open() {
        return node().locks();
    }

    /** The locks table as it is in the database. */
    Map<String, String> rows() {
        return state.query(c -> {
            Map<String, String> rows = new HashMap<>();
            try (PreparedStatement q = c.prepareStatement("SELECT id, user_name FROM locks");
                    ResultSet r = q.executeQuery()) {
                while (r.next()) {
                    rows.put(r.getString(1), r.getString(2));
                }
            }
            return rows;
        });
    }

    @Test
    void lockingTwiceWritesOnceAndUnlockingLifts() {
        Locks locks = open();
        assertTrue(locks.isEmpty());
        assertTrue(locks.lock(A, "ann@bank.example"));
        assertFalse(locks.lock(A, "bob@bank.example"), "already locked");
        assertEquals("ann@bank.example", locks.of(A).orElseThrow().user());
        assertEquals(Map.of(A, "ann@bank.example"), rows());
        assertTrue(locks.unlock(A, "ann@bank.example"));
        assertFalse(locks.unlock(A, "ann@bank.example"));
        assertTrue(locks.isEmpty());
        assertEquals(Map.of(), rows());
    }

    @Test
    void locksSurviveARestart() {
        Locks locks = open();
        locks.lock(A, "ann with space@bank.example");
        locks.lock(B, "bob@bank.example");
        locks.unlock(A, "ann with space@bank.example");
        locks.lock("CCCCCCCCCCCCCCCC", "carl@bank.example");
        long since = locks.of(B).orElseThrow().since().toEpochMilli();

        Locks again = open();
        assertEquals(Set.of(B, "CCCCCCCCCCCCCCCC"), again.ids());
        assertEquals("bob@bank.example", again.of(B).orElseThrow().user());
        assertEquals(since, again.of(B).orElseThrow().since().toEpochMilli());
        assertTrue(again.lock("DDDDDDDDDDDDDDDD", "dan@bank.example"));
        assertEquals(Set.of(B, "CCCCCCCCCCCCCCCC", "DDDDDDDDDDDDDDDD"), open().ids());
    }

    @Test
    void aLockOnOneNodeHoldsOnTheOtherOnceItCaughtUp() {
        Node one = node();
        Node two = node();
        assertTrue(one.locks().lock(A, "ann@bank.example"));
        assertTrue(one.locks().of(A).isPresent(), "seen at once where it was made");
        two.feed().catchUp();
        assertEquals("ann@bank.example", two.locks().of(A).orElseThrow().user());
        assertFalse(two.locks().isEmpty());
        assertFalse(two.locks().lock(A, "bob@bank.example"), "refused there: already locked");
        assertThrows(LockRefusedException.class, () -> two.locks().unlock(A, "bob@bank.example"));

        assertTrue(two.locks().unlock(A, "Ann@bank.example"));
        assertTrue(two.locks().isEmpty());
        one.feed().catchUp();
        assertTrue(one.locks().isEmpty(), "the unlock holds on the first node too");
        assertTrue(one.locks().lock(A, "carl@bank.example"));
    }

    @Test
    void aNodeThatHasNotCaughtUpStillAsksTheDatabaseToLockAndUnlock() {
        Node one = node();
        Node two = node();
        one.locks().lock(A, "ann@bank.example");
        // the second node has not heard of it, but the database has
        assertFalse(two.locks().lock(A, "bob@bank.example"));
        assertTrue(two.locks().of(A).isPresent(), "and now it knows");
        one.locks().lock(B, "ann@bank.example");
        assertThrows(LockRefusedException.class, () -> two.locks().unlock(B, "bob@bank.example"));
        assertTrue(two.locks().unlock(B, "ann@bank.example"));
        assertEquals(Set.of(A), rows().keySet());
    }

    @Test
    void twoNodesLockingTheSameItemAtOnceExactlyOneWins() throws Exception {
        Node one = node();
        Node two = node();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int i = 0; i < 30; i++) {
                String id = String.format("ID%014d", i);
                CyclicBarrier start = new CyclicBarrier(2);
                Future<Boolean> a = pool.submit(() -> {
                    start.await();
                    return one.locks().lock(id, "ann@bank.example");
                });
                Future<Boolean> b = pool.submit(() -> {
                    start.await();
                    return two.locks().lock(id, "bob@bank.example");
                });
                boolean annWon = a.get(10, TimeUnit.SECONDS);
                boolean bobWon = b.get(10, TimeUnit.SECONDS);
                assertTrue(annWon ^ bobWon, "exactly one lock of " + id + " succeeds: " + annWon + " " + bobWon);
                String winner = annWon ? "ann@bank.example" : "bob@bank.example";
                assertEquals(winner, rows().get(id));
                // both nodes name the winner: the loser read it back, and after catching up anyway
                assertEquals(winner, one.locks().of(id).orElseThrow().user());
                assertEquals(winner, two.locks().of(id).orElseThrow().user());
            }
        } finally {
            pool.shutdownNow();
        }
        one.feed().catchUp();
        two.feed().catchUp();
        assertEquals(rows().keySet(), one.locks().ids());
        assertEquals(rows().keySet(), two.locks().ids());
    }

    @Test
    void aNodeThatMissedChangesReloadsEveryLock() {
        Node one = node();
        Node two = node();
        one.locks().lock(A, "ann@bank.example");
        one.locks().lock(B, "ann@bank.example");
        one.locks().unlock(A, "ann@bank.example");
        // the changes were pruned before the second node looked: it cannot tell what changed
        state.query(c -> {
            try (var delete = c.createStatement()) {
                return delete.executeUpdate("DELETE FROM changes");
            }
        });
        two.feed().catchUp();
        assertEquals(Set.of(B), two.locks().ids());
    }

    /** A lock whose commit failed answered an error: it must not appear, not here nor on another node. */
    @Test
    void aFailedLockNeverTakesEffect() {
        Node one = node();
        for (FlakyState.Fault fault : List.of(FlakyState.Fault.CONNECT, FlakyState.Fault.WRITE,
                FlakyState.Fault.COMMIT)) {
            state.failNext(fault);
            StateException e = assertThrows(StateException.class, () -> one.locks().lock(A, "ann@bank.example"),
                    fault.name());
            assertTrue(e.unavailable(), "answered 503: " + fault);
            assertTrue(one.locks().of(A).isEmpty(), "memory unchanged: " + fault);
            assertEquals(Map.of(), rows(), "nothing in the database: " + fault);
        }
        one.feed().catchUp();
        assertTrue(one.locks().isEmpty(), "no change was published");
        assertTrue(one.locks().lock(B, "bob@bank.example"), "the next lock is written");
        assertEquals(Set.of(B), open().ids(), "a fresh node sees only what succeeded");
    }

    @Test
    void aFailedUnlockNeverTakesEffect() {
        Node one = node();
        one.locks().lock(A, "ann@bank.example");
        for (FlakyState.Fault fault : List.of(FlakyState.Fault.CONNECT, FlakyState.Fault.WRITE,
                FlakyState.Fault.COMMIT)) {
            state.failNext(fault);
            StateException e = assertThrows(StateException.class, () -> one.locks().unlock(A, "ann@bank.example"));
            assertTrue(e.unavailable(), fault.name());
            assertTrue(one.locks().of(A).isPresent(), "still locked: " + fault);
            assertEquals(Map.of(A, "ann@bank.example"), rows(), "still in the database: " + fault);
        }
        one.feed().catchUp();
        assertTrue(one.locks().of(A).isPresent());
        assertEquals(Set.of(A), open().ids(), "still locked for a fresh node");
        assertTrue(one.locks().unlock(A, "ann@bank.example"), "a later unlock works");
    }

    @Test
    void aFeedThatCannotBeReadLeavesTheLocksAsTheyWereUntilItCan() {
        Node one = node();
        Node two = node();
        one.locks().lock(A, "ann@bank.example");
        state.failNext(FlakyState.Fault.CONNECT);
        assertThrows(StateException.class, () -> two.feed().catchUp());
        two.feed().catchUp();
        assertTrue(two.locks().of(A).isPresent());
    }

    @Test
    void theRootCannotBeLocked() {
        Locks locks = open();
        LockRefusedException refused = assertThrows(LockRefusedException.class, () -> locks.lock("/", "ann@bank.example"));
        assertTrue(refused.getMessage().contains("root"), refused.getMessage());
        assertTrue(locks.isEmpty());
        assertEquals(Map.of(), rows());
    }

    @Test
    void onlyTheUserWhoLockedMayUnlockIgnoringCase() {
        Locks locks = open();
        locks.lock(A, "Ann@Bank.example");
        LockRefusedException refused = assertThrows(LockRefusedException.class, () -> locks.unlock(A, "bob@bank.example"));
        assertTrue(refused.getMessage().contains("only that user or a lock administrator"), refused.getMessage());
        assertFalse(refused.getMessage().contains("Ann"), "who locked it is not revealed");
        assertTrue(locks.of(A).isPresent());
        assertEquals(Set.of(A), rows().keySet(), "a refused unlock removes nothing");
        assertTrue(locks.unlock(A, " ann@bank.EXAMPLE "));
        assertTrue(locks.isEmpty());
    }

    @Test
    void aLockAdministratorMayUnlockAnyLock() {
        Map<String, String> groups = Map.of("lock-admins", "Carol@bank.example, dave@bank.example");
        Locks locks = node(LockAdmins.of("lock-admins", groups::get)).locks();
        locks.lock(A, "ann@bank.example");
        locks.lock(B, "ann@bank.example");
        assertThrows(LockRefusedException.class, () -> locks.unlock(A, "bob@bank.example"));
        assertTrue(locks.unlock(A, "carol@BANK.example"));
        assertTrue(locks.unlock(B, "dave@bank.example"));
        assertTrue(locks.isEmpty());
        // written as in a rule, with the '@'
        assertTrue(LockAdmins.of("@lock-admins", groups::get).includes("carol@bank.example"));
        assertFalse(LockAdmins.of(null, groups::get).includes("carol@bank.example"), "no setting: no administrators");
    }

    @Test
    void anAdminGroupWithoutMembersOrABadNameStopsTheStart() {
        IllegalStateException unknown = assertThrows(IllegalStateException.class,
                () -> LockAdmins.of("nobody", group -> null));
        assertTrue(unknown.getMessage().startsWith("docbridge.locks.admin-group: ")
                && unknown.getMessage().contains("docbridge.access.group.nobody"), unknown.getMessage());
        IllegalStateException bad = assertThrows(IllegalStateException.class,
                () -> LockAdmins.of("two words", group -> "x"));
        assertTrue(bad.getMessage().startsWith("docbridge.locks.admin-group: "), bad.getMessage());
    }
}
