package org.docbridge.journal;

import java.io.IOException;

/**
 * A failing disk for tests of a journal's owners (locks, upload sessions): the next write fails at
 * the chosen step as a full disk would, and the journal works again after it.
 */
public final class JournalFaults {

    private JournalFaults() {
    }

    /** The next write fails before a byte reaches the file. */
    public static void failNextWrite(LineJournal journal) {
        failOnce(journal, LineJournal.Step.WRITE);
    }

    /** The next write reaches the file, and then forcing it to disk fails. */
    public static void failNextForce(LineJournal journal) {
        failOnce(journal, LineJournal.Step.FORCE);
    }

    static void failOnce(LineJournal journal, LineJournal.Step failing) {
        journal.fault = step -> {
            if (step == failing) {
                journal.fault = LineJournal.Fault.NONE;
                throw new IOException("No space left on device (a test's failing disk)");
            }
        };
    }
}
