package org.docbridge.store.filesystem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.docbridge.state.ChangeFeed;
import org.docbridge.state.Database;
import org.docbridge.state.TestState;
import org.docbridge.store.DocumentStore;
import org.docbridge.store.NoSuchItemException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The folder watcher lists a new folder under the id it gave it, while createFolder replaces that row
 * with its own: the listing must find the folder gone (quietly, as a missing item), not fail as a
 * refused statement with a stack trace in the log.
 */
class IdCatalogueRaceTest {

    @TempDir
    Path tmp;

    @Test
    void aListingUnderARowThatWentMeanwhileFindsTheFolderGone() throws Exception {
        try (Database db = TestState.embedded(Files.createDirectories(tmp.resolve("state")))) {
            IdCatalogue catalogue = new IdCatalogue(db, new ChangeFeed(db), "node-a");
            Entry root = new Entry(DocumentStore.ROOT_ID, null, "");
            Map<String, String> top = catalogue.list(root, List.of("new folder"), Set.of("new folder"), null, 0, 0);
            Entry replaced = new Entry("ReplacedMeanwhl0", root, "new folder");
            assertThrows(NoSuchItemException.class,
                    () -> catalogue.list(replaced, List.of("inner.txt"), Set.of(), null, 0, 0));
            // the folder's real row still takes its children
            Entry real = new Entry(top.get("new folder"), root, "new folder");
            assertEquals(Set.of("inner.txt"), catalogue.list(real, List.of("inner.txt"), Set.of(), null, 0, 0).keySet());
        }
    }
}
