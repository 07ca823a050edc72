package org.docbridge.state.upgrade;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.function.Predicate;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * The import's files in the state folder: the rows it spools (in {@code import-reading/}, removed after
 * each run), and the journals kept, renamed, as backups.
 */
final class StateFiles {

    private static final Logger LOG = Logger.getLogger(StateFiles.class.getName());
    /** A folder in the state folder for the rows spooled; removed after each run. */
    private static final String READING = "import-reading";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private final Path state;

    StateFiles(Path state) {
        this.state = state;
    }

    /** The folder for spooled rows, created. */
    Path reading() throws IOException {
        return Files.createDirectories(state.resolve(READING));
    }

    /** Reads a journal (checksums, torn tails) without changing it: it stays as the old version left it. */
    static JournalLines.Replay replay(Path file, String what, Predicate<String> sink) throws IOException {
        return JournalLines.read(file, what, sink);
    }

    /** Removes the folder of spooled rows (and what a stop in the middle left there). */
    void deleteReading() {
        Path reading = state.resolve(READING);
        try {
            if (Files.isDirectory(reading)) {
                try (Stream<Path> left = Files.list(reading)) {
                    for (Path f : left.toList()) {
                        Files.deleteIfExists(f);
                    }
                }
                Files.deleteIfExists(reading);
            }
        } catch (IOException e) {
            LOG.warning(() -> "Import of the state folder: could not remove " + reading + " (" + e + "); remove it by hand");
        }
    }

    /** {@code <name>.imported-<stamp>}, or with a suffix if a file of that name is there already. */
    String backupName(String name, long now) {
        String base = name + ".imported-" + STAMP.format(Instant.ofEpochMilli(now));
        String candidate = base;
        for (int n = 2; Files.exists(state.resolve(candidate)); n++) {
            candidate = base + "-" + n;
        }
        return candidate;
    }

    /** Renames an imported journal to its backup name; on failure the next start tries again. */
    void keep(Path file, String backup) {
        try {
            Files.move(file, state.resolve(backup));
        } catch (IOException e) {
            LOG.warning(() -> "state/" + file.getFileName() + " was imported into the database but could not be renamed"
                    + " to " + backup + " (" + e + "); it is not read again, and the next start tries the rename again");
        }
    }
}
