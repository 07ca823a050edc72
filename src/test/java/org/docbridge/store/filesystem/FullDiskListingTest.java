package org.docbridge.store.filesystem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.docbridge.state.FlakyState;
import org.docbridge.state.StateException;
import org.docbridge.store.Item;
import org.docbridge.store.StoreFullException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A listing whose catalogue work cannot be committed because the state database's disk is full: it
 * is served from the ids already recorded instead of failing, and records the rest once there is room.
 */
class FullDiskListingTest {

    @TempDir
    Path tmp;

    Path root;
    FlakyState state;
    FileSystemStore store;
    String folder;

    @BeforeEach
    void aFolderWithTwoFiles() throws IOException {
        root = Files.createDirectories(tmp.resolve("documents"));
        Files.createDirectories(root.resolve("folder"));
        Files.writeString(root.resolve("folder/kept.txt"), "kept");
        Files.writeString(root.resolve("folder/away.txt"), "away");
        state = FlakyState.open(Files.createDirectories(tmp.resolve("state")));
    }

    @AfterEach
    void close() throws IOException {
        if (store != null) {
            store.close();
        }
        state.close();
    }

    /** A store that forgets an item after it was missing from listings for {@code forgetAfter}. */
    private Map<String, String> open(Duration forgetAfter) throws IOException {
        Path own = Files.createDirectories(tmp.resolve("node"));
        store = new FileSystemStore(root, state.database, state.node(), own.resolve("node-id"), own, forgetAfter);
        folder = ids(store.children("/")).get("folder");
        return ids(store.children(folder));
    }

    @Test
    void aListingThatWouldRecordNewNamesServesTheKnownOnesAndTheNewOnesOnceThereIsRoom() throws IOException {
        Map<String, String> before = open(Duration.ZERO);
        state.diskFull(true);
        Files.writeString(root.resolve("folder/new.txt"), "new");
        Files.delete(root.resolve("folder/away.txt"));

        // new.txt would need a row, away.txt a note (it is forgotten at once): neither can be written
        assertEquals(Map.of("kept.txt", before.get("kept.txt")), ids(store.children(folder)));
        StateException refused = assertThrows(StateException.class, () -> store.createFolder(folder, "never"));
        assertTrue(StoreFullException.causedBy(refused), "a write on a full disk is refused as such: " + refused);
        assertTrue(refused.getMessage().contains("disk is full") && refused.unavailable(),
                "a full disk is named, and is a reason to try again later: " + refused);
        assertFalse(Files.exists(root.resolve("folder/never")), "the refused create left its folder");

        state.diskFull(false);
        Map<String, String> after = ids(store.children(folder));
        assertEquals(List.of("kept.txt", "new.txt"), after.keySet().stream().sorted().toList());
        assertEquals(before.get("kept.txt"), after.get("kept.txt"), "the known item kept its id");
        assertNotNull(store.trail(after.get("new.txt")), "the new item's id was recorded");
        assertEquals(after, ids(store.children(folder)), "the ids stay");
    }

    @Test
    void anItemBackFromAbsenceKeepsItsIdWhileItsNoteCannotBeCleared() throws IOException {
        Map<String, String> before = open(Duration.ofHours(1));
        Path away = root.resolve("folder/away.txt");
        Path aside = Files.move(away, tmp.resolve("away.txt"));
        assertEquals(Map.of("kept.txt", before.get("kept.txt")), ids(store.children(folder))); // noted missing
        Files.move(aside, away);
        state.diskFull(true);

        // clearing its note is a write: it waits, and the item is served with the id it had
        assertEquals(before, ids(store.children(folder)));
        state.diskFull(false);
        assertEquals(before, ids(store.children(folder)));
    }

    @Test
    void aListingWhoseDatabaseFailsForAnotherReasonStillFails() throws IOException {
        open(Duration.ZERO);
        Files.writeString(root.resolve("folder/new.txt"), "new");
        state.failNext(FlakyState.Fault.COMMIT);
        StateException failed = assertThrows(StateException.class, () -> store.children(folder));
        assertTrue(failed.unavailable(), "the database away is answered 503: " + failed);
        assertEquals(List.of("away.txt", "kept.txt", "new.txt"),
                ids(store.children(folder)).keySet().stream().sorted().toList());
    }

    private static Map<String, String> ids(List<Item> items) {
        return items.stream().collect(Collectors.toMap(Item::name, Item::id));
    }
}
