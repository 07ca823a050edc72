package org.docbridge.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
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
}
