package org.docbridge.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import org.docbridge.runtime.DataFolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lock list without a container: locking, unlocking, and what survives a restart. */
class LocksTest {

    @TempDir
    Path state;

    Locks open() {
        Path folder = state;
        Locks locks = new Locks();
        locks.data = new DataFolder() {
            @Override
            public Path state() {
                return folder;
            }
        };
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
        assertTrue(locks.unlock("AAAAAAAAAAAAAAAA"));
        assertFalse(locks.unlock("AAAAAAAAAAAAAAAA"));
        assertTrue(locks.isEmpty());
        locks.close();
    }

    @Test
    void locksSurviveARestartAndATornLastLineIsDropped() throws IOException {
        Locks locks = open();
        locks.lock("AAAAAAAAAAAAAAAA", "ann with space@bank.example");
        locks.lock("BBBBBBBBBBBBBBBB", "bob@bank.example");
        locks.unlock("AAAAAAAAAAAAAAAA");
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
}
