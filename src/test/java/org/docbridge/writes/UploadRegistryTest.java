package org.docbridge.writes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.docbridge.journal.JournalFaults;
import org.docbridge.runtime.DataFolder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The upload registry without a container: its file, its look-ups, expiry, restarts. */
class UploadRegistryTest {

    @TempDir
    Path state;

    private final List<UploadRegistry> opened = new ArrayList<>();

    /** A registry as CDI would make it, with the state folder a DataFolder would give. */
    UploadRegistry open(String ttl) {
        Path folder = state;
        UploadRegistry registry = new UploadRegistry();
        registry.data = new DataFolder() {
            @Override
            public Path state() {
                return folder;
            }
        };
        registry.ttlSetting = ttl;
        registry.open();
        opened.add(registry);
        return registry;
    }

    UploadRegistry open() {
        return open("PT1H");
    }

    /** Closes it, as at a stop. */
    void stop(UploadRegistry registry) {
        registry.close();
        opened.remove(registry);
    }

    UploadRegistry restart(UploadRegistry registry) {
        stop(registry);
        return open(registry.ttl().toString());
    }

    @AfterEach
    void closeAll() {
        opened.forEach(UploadRegistry::close);
    }

    Path file() {
        return state.resolve("uploads.log");
    }

    static Set<String> ids(List<UploadRegistry.Session> sessions) {
        return sessions.stream().map(s -> s.id).collect(Collectors.toSet());
    }

    @Test
    void anOpenedSessionRemembersItsUserAndWorkfrontIds() {
        UploadRegistry registry = open();
        Instant before = Instant.now();
        UploadRegistry.Session s = registry.opened("AAAAAAAAAAAAAAAA", "jane.doe@example.com", "doc1", "ver1");
        Instant after = Instant.now();
        assertEquals("AAAAAAAAAAAAAAAA", s.id);
        assertEquals("jane.doe@example.com", s.user);
        assertEquals("doc1", s.documentId);
        assertEquals("ver1", s.documentVersionId);
        assertNull(s.completed());
        assertFalse(s.opened.isBefore(before) || s.opened.isAfter(after), s.opened.toString());
        assertEquals(Optional.of(s), registry.session("AAAAAAAAAAAAAAAA"));
        assertEquals(Optional.empty(), registry.session("BBBBBBBBBBBBBBBB"));
        assertEquals(Optional.empty(), registry.session(null));
        assertEquals(Duration.ofHours(1), registry.ttl());
        assertTrue(Files.exists(file()), "written to state/uploads.log");
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
    void completedMarksTheSessionAndUnknownIdsAreIgnored() throws IOException {
        UploadRegistry registry = open();
        registry.opened("AAAAAAAAAAAAAAAA", "jane", "doc", "ver");
        Instant before = Instant.now();
        registry.completed("AAAAAAAAAAAAAAAA", 1234);
        Instant done = registry.session("AAAAAAAAAAAAAAAA").orElseThrow().completed();
        assertFalse(done == null || done.isBefore(before) || done.isAfter(Instant.now()), String.valueOf(done));
        long size = Files.size(file());
        registry.completed("ZZZZZZZZZZZZZZZZ", 1);
        assertEquals(size, Files.size(file()), "nothing is written for an unknown session");
        assertEquals(Optional.empty(), registry.session("ZZZZZZZZZZZZZZZZ"));
    }

    @Test
    void forgetDropsTheSessionAndItsWorkfrontIds() throws IOException {
        UploadRegistry registry = open();
        registry.opened("AAAAAAAAAAAAAAAA", "jane", "doc", "ver");
        registry.opened("BBBBBBBBBBBBBBBB", "jane", "doc2", "ver2");
        registry.forget("AAAAAAAAAAAAAAAA");
        assertEquals(Optional.empty(), registry.session("AAAAAAAAAAAAAAAA"));
        assertEquals(Optional.empty(), registry.itemFor("doc", "ver"));
        assertEquals(Optional.of("BBBBBBBBBBBBBBBB"), registry.itemFor("doc2", "ver2"));
        long size = Files.size(file());
        registry.forget("AAAAAAAAAAAAAAAA");
        registry.forget("never-opened");
        assertEquals(size, Files.size(file()), "nothing is written for what is not known");
    }

    @Test
    void aRestartRestoresSessionsCompletionsAndForgetting() {
        UploadRegistry registry = open();
        UploadRegistry.Session a = registry.opened("AAAAAAAAAAAAAAAA", "Jane Doe é+%", "doc-a", "ver-a");
        UploadRegistry.Session b = registry.opened("BBBBBBBBBBBBBBBB", "joe", null, "-");
        registry.opened("CCCCCCCCCCCCCCCC", "gone", "doc-c", "ver-c");
        registry.completed("AAAAAAAAAAAAAAAA", 42);
        Instant completed = registry.session("AAAAAAAAAAAAAAAA").orElseThrow().completed();
        registry.forget("CCCCCCCCCCCCCCCC");

        UploadRegistry again = restart(registry);
        UploadRegistry.Session a2 = again.session("AAAAAAAAAAAAAAAA").orElseThrow();
        assertEquals("Jane Doe é+%", a2.user);
        assertEquals("doc-a", a2.documentId);
        assertEquals("ver-a", a2.documentVersionId);
        assertEquals(a.opened.toEpochMilli(), a2.opened.toEpochMilli());
        assertEquals(completed.toEpochMilli(), a2.completed().toEpochMilli());
        UploadRegistry.Session b2 = again.session("BBBBBBBBBBBBBBBB").orElseThrow();
        assertEquals("joe", b2.user);
        assertNull(b2.documentId, "absent stays absent");
        assertEquals("-", b2.documentVersionId, "a literal '-' is not taken for absent");
        assertEquals(b.opened.toEpochMilli(), b2.opened.toEpochMilli());
        assertNull(b2.completed());
        assertEquals(Optional.empty(), again.session("CCCCCCCCCCCCCCCC"), "forgotten stays forgotten");
        // the mapping Workfront relies on survives the restart
        assertEquals(Optional.of("AAAAAAAAAAAAAAAA"), again.itemFor("doc-a", "ver-a"));
        assertEquals(Optional.of("AAAAAAAAAAAAAAAA"), again.itemFor("doc-a", null));
        assertEquals(Optional.of("BBBBBBBBBBBBBBBB"), again.itemFor(null, "-"));
        assertEquals(Optional.empty(), again.itemFor("doc-c", "ver-c"));
        // and what is recorded after the restart survives the next one
        again.completed("BBBBBBBBBBBBBBBB", 7);
        UploadRegistry third = restart(again);
        assertTrue(third.session("BBBBBBBBBBBBBBBB").orElseThrow().completed() != null);
        assertEquals(Optional.of("AAAAAAAAAAAAAAAA"), third.itemFor("doc-a", "ver-a"));
    }

    @Test
    void aTornLastLineIsDroppedAndLaterRecordsStayReadable() throws IOException {
        UploadRegistry registry = open();
        registry.opened("AAAAAAAAAAAAAAAA", "jane", "doc", "ver");
        stop(registry);
        // a crash in the middle of a write leaves half a line
        Files.writeString(file(), "U BBBBBBBBBBBBBBBB joe 17000", StandardOpenOption.APPEND);
        UploadRegistry again = open();
        assertTrue(again.session("AAAAAAAAAAAAAAAA").isPresent());
        assertEquals(Optional.empty(), again.session("BBBBBBBBBBBBBBBB"));
        again.opened("CCCCCCCCCCCCCCCC", "carol", "doc3", "ver3");
        UploadRegistry third = restart(again);
        assertTrue(third.session("AAAAAAAAAAAAAAAA").isPresent());
        assertEquals(Optional.of("CCCCCCCCCCCCCCCC"), third.itemFor("doc3", "ver3"));
        assertFalse(Files.readString(file()).contains("17000"), "the torn tail was cut off");
    }

    @Test
    void aLineWithABadChecksumIsSkipped() throws IOException {
        UploadRegistry registry = open();
        registry.opened("AAAAAAAAAAAAAAAA", "jane", "doc", "ver");
        stop(registry);
        List<String> lines = new ArrayList<>(Files.readAllLines(file()));
        lines.add(0, "U QQQQQQQQQQQQQQQQ mallory 1 forged forged 00000000");
        Files.write(file(), lines);
        UploadRegistry again = open();
        assertEquals(Optional.empty(), again.session("QQQQQQQQQQQQQQQQ"));
        assertEquals(Optional.empty(), again.itemFor("forged", "forged"));
        assertEquals(Optional.of("AAAAAAAAAAAAAAAA"), again.itemFor("doc", "ver"));
    }

    @Test
    void anIntactRecordOfANewerVersionStopsTheStart() throws IOException {
        UploadRegistry registry = open();
        registry.opened("AAAAAAAAAAAAAAAA", "jane", "doc", "ver");
        stop(registry);
        String content = "Z AAAAAAAAAAAAAAAA future";
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(content.getBytes(StandardCharsets.UTF_8));
        Files.writeString(file(), content + " " + String.format("%08x", crc.getValue()) + "\n", StandardOpenOption.APPEND);
        IllegalStateException e = assertThrows(IllegalStateException.class, this::open);
        assertTrue(e.getMessage().contains("does not know"), e.getMessage());
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
    void manyForgottenSessionsAreCompactedAwayAtTheNextStart() throws IOException {
        UploadRegistry registry = open();
        for (int i = 0; i < 600; i++) {
            String id = String.format("id%014d", i);
            registry.opened(id, "bulk", "doc" + i, "ver" + i);
            registry.forget(id);
        }
        registry.opened("KEPTKEPTKEPTKEPT", "Jane Doe", "kept-doc", "kept-ver");
        registry.completed("KEPTKEPTKEPTKEPT", 5);
        Instant completed = registry.session("KEPTKEPTKEPTKEPT").orElseThrow().completed();
        stop(registry);
        long before = Files.size(file());
        UploadRegistry again = open();
        assertTrue(Files.size(file()) < before / 10, "compacted: " + Files.size(file()) + " of " + before + " bytes");
        for (UploadRegistry r : List.of(again, restart(again))) {
            UploadRegistry.Session kept = r.session("KEPTKEPTKEPTKEPT").orElseThrow();
            assertEquals("Jane Doe", kept.user);
            assertEquals(completed.toEpochMilli(), kept.completed().toEpochMilli());
            assertEquals(Optional.of("KEPTKEPTKEPTKEPT"), r.itemFor("kept-doc", "kept-ver"));
            assertEquals(Optional.empty(), r.itemFor("doc1", "ver1"));
        }
    }

    /** A failed uploadInit's session must not appear later: not by the next write, not after a restart. */
    @Test
    void aSessionWhoseWriteFailedNeverAppears() {
        UploadRegistry registry = open();
        JournalFaults.failNextForce(registry.journal);
        assertThrows(UncheckedIOException.class, () -> registry.opened("AAAAAAAAAAAAAAAA", "jane", "doc-a", "ver-a"));
        assertEquals(Optional.empty(), registry.session("AAAAAAAAAAAAAAAA"));
        registry.opened("BBBBBBBBBBBBBBBB", "jane", "doc-b", "ver-b");
        UploadRegistry again = restart(registry);
        assertEquals(Optional.empty(), again.session("AAAAAAAAAAAAAAAA"));
        assertEquals(Optional.empty(), again.itemFor("doc-a", "ver-a"));
        assertEquals(Optional.of("BBBBBBBBBBBBBBBB"), again.itemFor("doc-b", "ver-b"));
    }

    @Test
    void aCompletionWhoseWriteFailedNeverAppears() {
        UploadRegistry registry = open();
        registry.opened("AAAAAAAAAAAAAAAA", "jane", "doc-a", "ver-a");
        JournalFaults.failNextWrite(registry.journal);
        assertThrows(UncheckedIOException.class, () -> registry.completed("AAAAAAAAAAAAAAAA", 10));
        assertNull(registry.session("AAAAAAAAAAAAAAAA").orElseThrow().completed());
        registry.opened("BBBBBBBBBBBBBBBB", "jane", "doc-b", "ver-b");
        UploadRegistry again = restart(registry);
        assertNull(again.session("AAAAAAAAAAAAAAAA").orElseThrow().completed(), "still awaiting its content");
    }

    @Test
    void aForgetWhoseWriteFailedChangesNothing() {
        UploadRegistry registry = open();
        registry.opened("AAAAAAAAAAAAAAAA", "jane", "doc-a", "ver-a");
        JournalFaults.failNextForce(registry.journal);
        assertThrows(UncheckedIOException.class, () -> registry.forget("AAAAAAAAAAAAAAAA"));
        assertTrue(registry.session("AAAAAAAAAAAAAAAA").isPresent(), "memory unchanged");
        assertEquals(Optional.of("AAAAAAAAAAAAAAAA"), registry.itemFor("doc-a", "ver-a"));
        registry.opened("BBBBBBBBBBBBBBBB", "jane", "doc-b", "ver-b");
        UploadRegistry again = restart(registry);
        assertEquals(Optional.of("AAAAAAAAAAAAAAAA"), again.itemFor("doc-a", "ver-a"), "still known after a restart");
        again.forget("AAAAAAAAAAAAAAAA");
        assertEquals(Optional.empty(), restart(again).itemFor("doc-a", "ver-a"), "a later forget works");
    }
}
