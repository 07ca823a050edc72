package org.docbridge.store.filesystem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.docbridge.state.ChangeFeed;
import org.docbridge.state.Database;
import org.docbridge.state.TestState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A new folder or file is on disk a moment before its row is written: a listing in that moment (the
 * search index's folder watch, a /files call) gives it an id, and may hand that id out. The item
 * keeps it; only a row older than the item, another item's that is gone, makes way for a new id.
 */
class CreatedChildTest {

    @TempDir
    Path tmp;

    Database db;
    IdCatalogue catalogue;

    @BeforeEach
    void catalogue() throws Exception {
        db = TestState.embedded(Files.createDirectories(tmp.resolve("state")));
        catalogue = new IdCatalogue(db, new ChangeFeed(db), "node");
    }

    @AfterEach
    void close() {
        db.close();
    }

    Map<String, String> listing(String... names) {
        return catalogue.list(catalogue.root(), List.of(names), Set.of(names), null, System.currentTimeMillis(), 0);
    }

    @Test
    void aNewItemKeepsTheIdAListingGaveItBeforeItsRowWasWritten() {
        long madeAfter = catalogue.version();
        // the folder is made on disk; a listing sees it before createFolder records it
        String listed = listing("made").get("made");
        assertNotNull(listed);

        Entry created = catalogue.createdChild(catalogue.root(), "made", true, madeAfter);

        assertEquals(listed, created.id, "the id the listing handed out no longer answers the new folder");
        assertEquals(listed, listing("made").get("made"));
    }

    @Test
    void aRowOlderThanTheNewItemIsAnotherItemsAndMakesWayForANewId() {
        // an item of that name was listed, then vanished outside docbridge: its row is still there
        String gone = listing("made").get("made");
        long madeAfter = catalogue.version();

        Entry created = catalogue.createdChild(catalogue.root(), "made", true, madeAfter);

        assertNotEquals(gone, created.id, "the new item took the id of another, older item");
        assertEquals(created.id, listing("made").get("made"));
    }
}
