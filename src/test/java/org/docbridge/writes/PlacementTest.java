package org.docbridge.writes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.docbridge.access.Level;
import org.docbridge.store.DocumentStore;
import org.docbridge.store.NameTakenException;
import org.docbridge.store.filesystem.FileSystemStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Placing new items as one user sees the folder: a clash with an item they may not see, or a name a rule
 * hides from them, is answered the same way whether or not anything is there, and a clash they see is
 * answered as always.
 */
class PlacementTest {

    static final String HIDDEN_MESSAGE = "this name is not available to you in this folder; choose another name";

    @TempDir
    Path tmp;

    Path root;
    FileSystemStore store;
    /** The user's level on new items by name (write where not given), and the names they do not see. */
    final Map<String, Level> levels = new HashMap<>();
    final Set<String> invisible = new HashSet<>();

    @BeforeEach
    void open() throws IOException {
        root = Files.createDirectories(tmp.resolve("documents"));
        Path state = Files.createDirectories(tmp.resolve("state"));
        db = org.docbridge.state.TestState.embedded(state);
        store = new FileSystemStore(root, db, new org.docbridge.state.ChangeFeed(db), state.resolve("node-id"), state,
                Duration.ZERO);
    }

    org.docbridge.state.Database db;

    @AfterEach
    void close() throws IOException {
        store.close();
        db.close();
    }

    Placement placement(String policy) {
        Placement placement = new Placement();
        placement.store = store;
        placement.conflictSetting = policy;
        placement.check();
        return placement;
    }

    /** The user's view: a name is shown if an item has it on disk and it is not made invisible. */
    FolderView view() {
        return new FolderView(name -> levels.getOrDefault(name, Level.WRITE),
                name -> Files.exists(root.resolve(name)) && !invisible.contains(name));
    }

    void file(String name) throws IOException {
        Files.writeString(root.resolve(name), "existing");
    }

    Set<String> onDisk() throws IOException {
        try (Stream<Path> files = Files.list(root)) {
            return files.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        }
    }

    static void assertRefused(String message, Runnable create) {
        // mapped to 403 as every NotAllowedException is
        UnusableNameException refused = assertThrows(UnusableNameException.class, create::run);
        assertEquals(message, refused.getMessage());
    }

    @Test
    void aNameARuleHidesIsUnavailableWhetherOrNotAnItemHoldsIt() throws IOException {
        levels.put("Layoffs.xlsx", Level.NONE);
        for (String policy : List.of("new-name", "refuse")) {
            Placement placement = placement(policy);
            assertRefused(HIDDEN_MESSAGE, () -> placement.create(DocumentStore.ROOT_ID, "Layoffs.xlsx", false, view(), DocumentStore.NO_CHECK));
            assertRefused(HIDDEN_MESSAGE, () -> placement.create(DocumentStore.ROOT_ID, "Layoffs.xlsx", true, view(), DocumentStore.NO_CHECK));
        }
        assertEquals(Set.of(), onDisk());
        file("Layoffs.xlsx");
        for (String policy : List.of("new-name", "refuse")) {
            Placement placement = placement(policy);
            assertRefused(HIDDEN_MESSAGE, () -> placement.create(DocumentStore.ROOT_ID, "Layoffs.xlsx", false, view(), DocumentStore.NO_CHECK));
            assertRefused(HIDDEN_MESSAGE, () -> placement.create(DocumentStore.ROOT_ID, "Layoffs.xlsx", true, view(), DocumentStore.NO_CHECK));
        }
        assertEquals(Set.of("Layoffs.xlsx"), onDisk());
    }

    @Test
    void aClashWithAnItemTheUserCannotSeeLooksLikeAHiddenName() throws IOException {
        file("shortcut.txt"); // e.g. a link to a folder the user may not see
        invisible.add("shortcut.txt");
        for (String policy : List.of("new-name", "refuse")) {
            Placement placement = placement(policy);
            assertRefused(HIDDEN_MESSAGE, () -> placement.create(DocumentStore.ROOT_ID, "shortcut.txt", false, view(), DocumentStore.NO_CHECK));
            assertRefused(HIDDEN_MESSAGE, () -> placement.create(DocumentStore.ROOT_ID, "shortcut.txt", true, view(), DocumentStore.NO_CHECK));
        }
        assertEquals(Set.of("shortcut.txt"), onDisk());
    }

    @Test
    void aClashTheUserSeesIsAnsweredAsAlways() throws IOException {
        file("report.pdf");
        assertEquals("report (1).pdf", placement("new-name").create(DocumentStore.ROOT_ID, "report.pdf", false, view(), DocumentStore.NO_CHECK).name());
        file("Minutes");
        assertEquals("Minutes (1)", placement("new-name").create(DocumentStore.ROOT_ID, "Minutes", true, view(), DocumentStore.NO_CHECK).name());
        NameTakenException taken = assertThrows(NameTakenException.class,
                () -> placement("refuse").create(DocumentStore.ROOT_ID, "report.pdf", false, view(), DocumentStore.NO_CHECK));
        assertEquals("the folder already holds an item named 'report.pdf'", taken.getMessage());
    }

    @Test
    void numberedNamesTheUserCouldNotUseAreSkipped() throws IOException {
        file("report.pdf");
        levels.put("report (1).pdf", Level.NONE); // a rule hides it: never made
        file("report (2).pdf");
        invisible.add("report (2).pdf"); // held by an item the user does not see
        levels.put("report (3).pdf", Level.READ); // an upload could not fill it
        assertEquals("report (4).pdf", placement("new-name").create(DocumentStore.ROOT_ID, "report.pdf", false, view(), DocumentStore.NO_CHECK).name());
        assertEquals(Set.of("report.pdf", "report (2).pdf", "report (4).pdf"), onDisk());
    }

    @Test
    void aPlaceholderTheUserCouldNotFillIsNeverMade() throws IOException {
        levels.put("Final.pdf", Level.READ);
        String readOnly = "an access rule lets you read but not write an item by this name here, so an upload could"
                + " never fill it; choose another name";
        for (String policy : List.of("new-name", "refuse")) {
            assertRefused(readOnly, () -> placement(policy).create(DocumentStore.ROOT_ID, "Final.pdf", false, view(), DocumentStore.NO_CHECK));
        }
        assertEquals(Set.of(), onDisk());
        // held by an item the user does not see: the same answer as when free
        file("Final.pdf");
        invisible.add("Final.pdf");
        for (String policy : List.of("new-name", "refuse")) {
            assertRefused(readOnly, () -> placement(policy).create(DocumentStore.ROOT_ID, "Final.pdf", false, view(), DocumentStore.NO_CHECK));
        }
        // held by a read-only item the user sees: as for any clash they see
        invisible.clear();
        assertEquals("Final (1).pdf", placement("new-name").create(DocumentStore.ROOT_ID, "Final.pdf", false, view(), DocumentStore.NO_CHECK).name());
        NameTakenException taken = assertThrows(NameTakenException.class,
                () -> placement("refuse").create(DocumentStore.ROOT_ID, "Final.pdf", false, view(), DocumentStore.NO_CHECK));
        assertTrue(taken.getMessage().contains("'Final.pdf'"), taken.getMessage());
    }

    @Test
    void aFolderTheUserMayOnlyReadIsMade() throws IOException {
        levels.put("Board", Level.READ);
        assertEquals("Board", placement("refuse").create(DocumentStore.ROOT_ID, "Board", true, view(), DocumentStore.NO_CHECK).name());
        assertTrue(Files.isDirectory(root.resolve("Board")));
        assertFalse(Files.exists(root.resolve("Board (1)")));
    }
}
