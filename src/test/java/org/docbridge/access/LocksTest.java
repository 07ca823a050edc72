package org.docbridge.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Set;
import org.docbridge.journal.JournalFaults;
import org.docbridge.runtime.DataFolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lock list without a container: locking, unlocking, who may unlock, and what survives a restart. */
class LocksTest {

    @TempDir
    Path state;

    Locks open() {
        return open(LockAdmins.of(null, group -> null));
    }

    Locks open(LockAdmins admins) {
        Path folder = state;
        Locks locks = new Locks();
        locks.data = new DataFolder() {
            @Override
            public Path state() {
                return folder;
            }
        };
        locks.admins = admins;
        locks.open();
        return locks;
    }

    @Test
    void lockingTwiceWritesOnceAndUnlockingLifts() throws IOException {
        Locks locks = open();
        assertTrue(locks.isEmpty());
        assertTrue(locks.lock("AAAAAAAAAAAAAAAA", "ann@bank.example"));
        assertFalse(locks.lock("AAAAAAAAAAAAAAAA", "bob@bank.example"), "already locked");
        assertEquals("ann@bank.example", locks.of("AAAAAAAAAAAAAAAA").orElseThrow().user());
        assertEquals(1, Files.readAllLines(state.resolve("locks.log")).size());
        assertTrue(locks.unlock("AAAAAAAAAAAAAAAA", "ann@bank.example"));
        assertFalse(locks.unlock("AAAAAAAAAAAAAAAA", "ann@bank.example"));
        assertTrue(locks.isEmpty());
        locks.close();
    }

    @Test
    void locksSurviveARestartAndATornLastLineIsDropped() throws IOException {
        Locks locks = open();
        locks.lock("AAAAAAAAAAAAAAAA", "ann with space@bank.example");
        locks.lock("BBBBBBBBBBBBBBBB", "bob@bank.example");
        locks.unlock("AAAAAAAAAAAAAAAA", "ann with space@bank.example");
        locks.lock("CCCCCCCCCCCCCCCC", "carl@bank.example");
        locks.close();
        Files.writeString(state.resolve("locks.log"), "L DDDDDDDDDDDDDDDD x 1", StandardOpenOption.APPEND);

        Locks again = open();
        assertEquals(Set.of("BBBBBBBBBBBBBBBB", "CCCCCCCCCCCCCCCC"), again.ids());
        assertEquals("bob@bank.example", again.of("BBBBBBBBBBBBBBBB").orElseThrow().user());
        assertTrue(again.lock("DDDDDDDDDDDDDDDD", "dan@bank.example"));
        again.close();
        assertEquals(Set.of("BBBBBBBBBBBBBBBB", "CCCCCCCCCCCCCCCC", "DDDDDDDDDDDDDDDD"), open().ids());
    }

    @Test
    void aRecordOfAnUnknownKindStopsTheStart() throws IOException {
        Locks locks = open();
        locks.close();
        // a well-formed line (its checksum holds) of a kind this version does not know
        String content = "Z AAAAAAAAAAAAAAAA";
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(content.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        Files.writeString(state.resolve("locks.log"), content + " " + String.format("%08x", crc.getValue()) + "\n");
        assertThrows(IllegalStateException.class, this::open);
    }

    static final String A = "AAAAAAAAAAAAAAAA";
    static final String B = "BBBBBBBBBBBBBBBB";

    /** A lock whose write failed answered an error: it must not appear later, nor after a restart. */
    @Test
    void aFailedLockNeverTakesEffect() {
        Locks locks = open();
        JournalFaults.failNextForce(locks.journal);
        assertThrows(UncheckedIOException.class, () -> locks.lock(A, "ann@bank.example"));
        assertTrue(locks.of(A).isEmpty(), "memory unchanged");
        assertTrue(locks.lock(B, "bob@bank.example"), "the next lock is written");
        locks.close();
        assertEquals(Set.of(B), open().ids(), "after a restart only what succeeded is locked");
    }

    @Test
    void aFailedUnlockNeverTakesEffect() {
        Locks locks = open();
        locks.lock(A, "ann@bank.example");
        JournalFaults.failNextWrite(locks.journal);
        assertThrows(UncheckedIOException.class, () -> locks.unlock(A, "ann@bank.example"));
        assertTrue(locks.of(A).isPresent(), "still locked");
        assertTrue(locks.lock(B, "bob@bank.example"));
        locks.close();
        assertEquals(Set.of(A, B), open().ids(), "still locked after a restart");
    }

    @Test
    void theRootCannotBeLocked() {
        Locks locks = open();
        LockRefusedException refused = assertThrows(LockRefusedException.class, () -> locks.lock("/", "ann@bank.example"));
        assertTrue(refused.getMessage().contains("root"), refused.getMessage());
        assertTrue(locks.isEmpty());
    }

    @Test
    void onlyTheUserWhoLockedMayUnlockIgnoringCase() {
        Locks locks = open();
        locks.lock(A, "Ann@Bank.example");
        LockRefusedException refused = assertThrows(LockRefusedException.class, () -> locks.unlock(A, "bob@bank.example"));
        assertTrue(refused.getMessage().contains("only that user or a lock administrator"), refused.getMessage());
        assertFalse(refused.getMessage().contains("Ann"), "who locked it is not revealed");
        assertTrue(locks.of(A).isPresent());
        assertTrue(locks.unlock(A, " ann@bank.EXAMPLE "));
        assertTrue(locks.isEmpty());
    }

    @Test
    void aLockAdministratorMayUnlockAnyLock() {
        Map<String, String> groups = Map.of("lock-admins", "Carol@bank.example, dave@bank.example");
        Locks locks = open(LockAdmins.of("lock-admins", groups::get));
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
