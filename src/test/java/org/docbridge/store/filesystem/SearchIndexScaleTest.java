package org.docbridge.store.filesystem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.docbridge.state.ChangeFeed;
import org.docbridge.state.Database;
import org.docbridge.state.TestState;
import org.docbridge.store.DocumentStore;
import org.docbridge.store.Item;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A share of 100,000 items: indexed in the background at start, with progress, and searched correctly throughout. */
class SearchIndexScaleTest {

    static final int FOLDERS = 100;
    static final int FILES = 1_000;

    @TempDir
    Path tmp;

    @Test
    void aHundredThousandItemsAreIndexedAtStartWithProgressAndSearchedCorrectlyThroughout() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("documents"));
        for (int f = 0; f < FOLDERS; f++) {
            Path folder = Files.createDirectories(root.resolve(String.format("folder %03d", f)));
            for (int i = 0; i < FILES; i++) {
                Files.createFile(folder.resolve(String.format("document %03d-%04d.txt", f, i)));
            }
        }
        List<String> progress = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                progress.add(record.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger walkLog = Logger.getLogger(IndexWalk.class.getName());
        Logger indexLog = Logger.getLogger(SearchIndex.class.getName());
        walkLog.addHandler(capture);
        indexLog.addHandler(capture);
        long reportEvery = IndexWalk.progressNanos;
        IndexWalk.progressNanos = TimeUnit.MILLISECONDS.toNanos(500);
        try (Database db = TestState.embedded(Files.createDirectories(tmp.resolve("state")));
                FileSystemStore store = new FileSystemStore(root, db, new ChangeFeed(db), tmp.resolve("node-id"),
                        tmp.resolve("state"), Duration.ofMinutes(10))) {
            store.startSearchIndex(false, null, 1);
            int searchesBefore = 0;
            while (!store.searchIndexReady()) {
                // until the index is complete, search walks the folders: never an incomplete answer
                assertAnswers(store);
                searchesBefore++;
            }
            assertAnswers(store);
            assertTrue(searchesBefore > 0, "the index was complete before any search could run");
            assertTrue(progress.stream().anyMatch(line -> line.contains("first walk of the share starts")), progress::toString);
            assertTrue(progress.stream().anyMatch(line -> line.matches(
                    "Search index, first walk: [0-9,]+ items in [0-9,]+ folders read \\([0-9,]+ items/s\\); .* left.*")),
                    progress::toString);
            assertTrue(progress.stream().anyMatch(line -> line.startsWith(
                    "Search index: first walk done, 100,100 items in 101 folders")), progress::toString);
            // a second node reads the whole index from the database, a page at a time, and walks nothing
            try (FileSystemStore other = new FileSystemStore(root, db, new ChangeFeed(db), tmp.resolve("other-node-id"),
                    tmp.resolve("state"), Duration.ofMinutes(10))) {
                other.startSearchIndex(false, null, 1);
                long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (!other.searchIndexReady() && System.nanoTime() < end) {
                    Thread.sleep(20);
                }
                assertTrue(other.searchIndexReady());
                assertAnswers(other);
            }
        } finally {
            IndexWalk.progressNanos = reportEvery;
            walkLog.removeHandler(capture);
            indexLog.removeHandler(capture);
        }
    }

    static void assertAnswers(FileSystemStore store) {
        List<Item> one = store.search(DocumentStore.ROOT_ID, "DOCUMENT 042-0777", 10_000);
        assertEquals(List.of("document 042-0777.txt"), one.stream().map(Item::name).toList());
        List<Item> many = store.search(DocumentStore.ROOT_ID, "-077", 10_000);
        assertEquals(FOLDERS * 10, many.size());
        assertFalse(new ArrayList<>(many).stream().anyMatch(Item::folder));
    }
}
