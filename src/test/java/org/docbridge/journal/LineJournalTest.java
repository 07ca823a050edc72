package org.docbridge.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LineJournalTest {

    @TempDir
    Path dir;

    /**
     * A thread that was interrupted (a custom action stopped at its timeout) still writes, and the
     * journal stays writable for everybody after it: an interruptible channel would have closed.
     */
    @Test
    void anInterruptedWriterNeitherFailsNorBreaksTheJournal() throws IOException {
        LineJournal journal = new LineJournal(dir.resolve("j.log"), "Test journal");
        journal.replay(line -> true);
        Thread.currentThread().interrupt();
        try {
            journal.append("first");
            journal.sync();
            assertTrue(Thread.currentThread().isInterrupted(), "the flag is left for the caller");
        } finally {
            Thread.interrupted();
        }
        journal.append("second");
        journal.sync();
        journal.close();

        List<String> replayed = new ArrayList<>();
        new LineJournal(dir.resolve("j.log"), "Test journal").replay(replayed::add);
        assertEquals(List.of("first", "second"), replayed);
    }

    LineJournal opened() throws IOException {
        LineJournal journal = new LineJournal(dir.resolve("j.log"), "Test journal");
        journal.replay(line -> true);
        return journal;
    }

    List<String> replayed() throws IOException {
        List<String> replayed = new ArrayList<>();
        new LineJournal(dir.resolve("j.log"), "Test journal").replay(replayed::add);
        return replayed;
    }

    /** A failed commit is dropped: not written by the next commit, not found by a replay. */
    @Test
    void aCommitThatFailsBeforeWritingLeavesNoTrace() throws IOException {
        LineJournal journal = opened();
        journal.commit("first");
        JournalFaults.failNextWrite(journal);
        assertThrows(IOException.class, () -> journal.commit("failed"));
        journal.commit("third");
        journal.close();
        assertEquals(List.of("first", "third"), replayed());
    }

    /** The record reached the file and forcing it failed: it is cut off again, at once. */
    @Test
    void aCommitWhoseForceFailsIsCutOffTheFile() throws IOException {
        LineJournal journal = opened();
        journal.commit("first");
        long size = Files.size(dir.resolve("j.log"));
        JournalFaults.failNextForce(journal);
        assertThrows(IOException.class, () -> journal.commit("failed"));
        assertEquals(size, Files.size(dir.resolve("j.log")), "cut back to the last good record");
        assertEquals(List.of("first"), replayed(), "a restart right now would not see it either");
        journal.commit("third");
        journal.close();
        assertEquals(List.of("first", "third"), replayed());
    }

    /** Even when cutting back fails too, the next write cuts back first, so the failed record never counts. */
    @Test
    void aFailedCutBackIsDoneAgainBeforeTheNextWrite() throws IOException {
        LineJournal journal = opened();
        journal.commit("first");
        long size = Files.size(dir.resolve("j.log"));
        // forcing fails, and so does cutting back; the disk works again after that
        journal.fault = step -> {
            if (step == LineJournal.Step.CUT_BACK) {
                journal.fault = LineJournal.Fault.NONE;
            }
            if (step != LineJournal.Step.WRITE) {
                throw new IOException("I/O error (a test's failing disk)");
            }
        };
        assertThrows(IOException.class, () -> journal.commit("failed"));
        assertTrue(Files.size(dir.resolve("j.log")) > size, "the failed record's bytes are still there");
        journal.commit("third");
        journal.close();
        assertEquals(List.of("first", "third"), replayed());
    }

    /** The catalogue's way: a failed sync keeps its records queued, and the next sync writes them. */
    @Test
    void aFailedSyncKeepsItsRecordsForTheNextSync() throws IOException {
        LineJournal journal = opened();
        journal.append("announced");
        JournalFaults.failNextForce(journal);
        assertThrows(IOException.class, journal::sync);
        assertEquals(List.of(), replayed());
        journal.append("later");
        journal.sync();
        journal.close();
        assertEquals(List.of("announced", "later"), replayed());
    }

    /** A commit after a failed sync writes the queued records first: they were promised earlier. */
    @Test
    void aCommitWritesWhatWasQueuedBeforeIt() throws IOException {
        LineJournal journal = opened();
        journal.append("queued");
        journal.commit("committed");
        journal.close();
        assertEquals(List.of("queued", "committed"), replayed());
    }
}
