package org.docbridge.store.filesystem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.docbridge.state.ChangeFeed;
import org.docbridge.state.Database;
import org.docbridge.state.TestState;
import org.docbridge.store.DocumentStore;
import org.docbridge.store.Item;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The search index against the walk it replaces: the same answers, kept fresh through docbridge's own
 * writes, through the file system's events, and through its walks when events are off.
 */
class SearchIndexTest {

    @TempDir
    Path tmp;

    Path root;
    Database db;
    final List<FileSystemStore> stores = new ArrayList<>();
    final List<ChangeFeed> feeds = new ArrayList<>();

    @BeforeEach
    void share() throws IOException {
        root = Files.createDirectories(tmp.resolve("documents"));
        write("Quarterly QZXREPORT.pdf");
        write("nested/deeper/qzxreport draft (v2).docx");
        write("nested/unrelated.txt");
        Files.createDirectories(root.resolve("QZXReports archive"));
        write("regex/qzx.*[a-z]+.txt");
        write("other/E\u0301le\u0301phant qzxe\u0301.txt"); // decomposed, as macOS writes names
        write(".hidden/qzx secret.txt");
        write("nested/.qzx hidden.txt");
        Files.createSymbolicLink(root.resolve("link to nested"), root.resolve("nested"));
        db = TestState.embedded(Files.createDirectories(tmp.resolve("state")));
    }

    @AfterEach
    void close() throws IOException {
        for (FileSystemStore store : stores) {
            store.close();
        }
        db.close();
    }

    FileSystemStore node(String name) throws IOException {
        Path own = Files.createDirectories(tmp.resolve("node-" + name));
        ChangeFeed feed = new ChangeFeed(db);
        FileSystemStore store = new FileSystemStore(root, db, feed, own.resolve("node-id"), own, Duration.ofMinutes(10));
        stores.add(store);
        feeds.add(feed);
        return store;
    }

    FileSystemStore indexed(String name, boolean watch, Duration rescan) throws IOException {
        FileSystemStore store = node(name);
        store.startSearchIndex(watch, rescan, 1);
        within(Duration.ofSeconds(30), store::searchIndexReady, "the index was not built");
        return store;
    }

    void write(String path) throws IOException {
        Path file = root.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, path);
    }

    static Set<String> names(List<Item> items) {
        return items.stream().map(Item::name).collect(Collectors.toCollection(TreeSet::new));
    }

    static Set<String> ids(List<Item> items) {
        return items.stream().map(Item::id).collect(Collectors.toCollection(TreeSet::new));
    }

    static void within(Duration limit, Supplier<Boolean> condition, String failure) {
        long end = System.nanoTime() + limit.toNanos();
        while (!condition.get()) {
            if (System.nanoTime() > end) {
                throw new AssertionError(failure + " within " + limit.toSeconds() + " s");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    Set<String> search(FileSystemStore store, String text) {
        return names(store.search(DocumentStore.ROOT_ID, text, 10_000));
    }

    @Test
    void answersWhatTheWalkAnswers() throws IOException {
        FileSystemStore walking = node("walk");
        FileSystemStore indexed = indexed("index", false, null);
        String nested = walking.idAt(List.of("nested"));
        String link = walking.children(DocumentStore.ROOT_ID).stream().filter(i -> i.name().equals("link to nested"))
                .findFirst().orElseThrow().id();
        for (String query : List.of("qzx", "QzXrEpOrT", "qzx.*[a-z]+", "qzx[a-z]", "\u00c9L\u00c9PHANT", "e\u0301le\u0301",
                "unrelated", "txt", "nothing-is-called-this", "hidden", "secret", "link", "nested")) {
            List<Item> byWalk = walking.search(DocumentStore.ROOT_ID, query, 10_000);
            List<Item> byIndex = indexed.search(DocumentStore.ROOT_ID, query, 10_000);
            assertEquals(ids(byWalk), ids(byIndex), query);
            assertEquals(names(byWalk), names(byIndex), query);
            assertEquals(ids(walking.search(nested, query, 10_000)), ids(indexed.search(nested, query, 10_000)),
                    query + " below nested");
            assertEquals(ids(walking.search(link, query, 10_000)), ids(indexed.search(link, query, 10_000)),
                    query + " below a link");
        }
        assertEquals(Set.of("E\u0301le\u0301phant qzxe\u0301.txt"), search(indexed, "\u00e9l\u00e9phant"));
        assertEquals(Set.of("QZXReports archive", "Quarterly QZXREPORT.pdf", "qzxreport draft (v2).docx"),
                search(indexed, "QzXrEpOrT"));
        assertEquals(2, indexed.search(DocumentStore.ROOT_ID, "qzx", 2).size(), "the limit holds");
    }

    @Test
    void findsWhatDocbridgeWroteAtOnce() throws IOException {
        FileSystemStore store = indexed("a", false, null);
        String nested = store.idAt(List.of("nested"));
        Item made = store.createFile(nested, "Budget zqv 2027.xlsx", () -> { });
        assertEquals(Set.of(made.id()), ids(store.search(DocumentStore.ROOT_ID, "ZQV", 100)));
        Item folder = store.createFolder(DocumentStore.ROOT_ID, "zqv plans", () -> { });
        store.move(made.id(), folder.id(), "renamed wqk.xlsx", () -> { });
        assertEquals(Set.of("zqv plans"), search(store, "zqv"));
        assertEquals(Set.of("renamed wqk.xlsx"), search(store, "wqk"));
        store.delete(folder.id(), () -> { });
        assertEquals(Set.of(), search(store, "wqk"));
        assertEquals(Set.of(), search(store, "zqv"));
    }

    @Test
    void findsWhatChangedOnDiskWithinFiveSeconds() throws IOException {
        FileSystemStore store = indexed("a", true, null);
        write("nested/deeper/saved outside kqj.txt");
        within(Duration.ofSeconds(5), () -> search(store, "kqj").equals(Set.of("saved outside kqj.txt")),
                "a file saved on disk was not found");
        write("brand new/inner/deep kqj.md"); // new folders, with content made before they could be watched
        within(Duration.ofSeconds(5), () -> search(store, "kqj").size() == 2, "a new folder's content was not found");
        Files.move(root.resolve("nested/deeper/saved outside kqj.txt"), root.resolve("nested/deeper/moved jvx.txt"));
        within(Duration.ofSeconds(5), () -> search(store, "jvx").equals(Set.of("moved jvx.txt")),
                "a file renamed on disk was not found by its new name");
        assertEquals(Set.of("deep kqj.md"), search(store, "kqj"), "nor by its old one");
        Files.delete(root.resolve("brand new/inner/deep kqj.md"));
        assertEquals(Set.of(), search(store, "kqj"), "a deleted file is never offered");
        write("brand new/inner/again mxw.txt"); // a folder watched since the walk that found it
        within(Duration.ofSeconds(5), () -> search(store, "mxw").size() == 1, "a file in a new folder was not found");
    }

    @Test
    void withoutEventsTheWalkFindsChanges() throws IOException {
        FileSystemStore store = indexed("a", false, Duration.ofMillis(200));
        write("nested/deeper/saved outside pqz.txt");
        Files.move(root.resolve("nested/unrelated.txt"), root.resolve("nested/related pqz.txt"));
        within(Duration.ofSeconds(10), () -> search(store, "pqz").size() == 2, "the walk did not find the changes");
        assertTrue(store.searchIndexReady());
        assertEquals(Set.of(), search(store, "unrelated"));
    }

    @Test
    void aFileDeletedBehindTheIndexIsNeverOffered() throws IOException {
        FileSystemStore store = indexed("a", false, null);
        assertEquals(Set.of("unrelated.txt"), search(store, "unrelated"));
        Files.delete(root.resolve("nested/unrelated.txt"));
        assertEquals(Set.of(), search(store, "unrelated"));
        Files.delete(root.resolve("nested/deeper/qzxreport draft (v2).docx"));
        Files.delete(root.resolve("nested/deeper"));
        assertEquals(Set.of("QZXReports archive", "Quarterly QZXREPORT.pdf"), search(store, "qzxreport"));
    }

    @Test
    void oneNodeWalksAndWatchesAndEveryNodeFindsWhatItSaw() throws Exception {
        FileSystemStore a = indexed("a", true, null);
        FileSystemStore b = indexed("b", true, null);
        String walker = db.read(c -> {
            try (PreparedStatement q = c.prepareStatement("SELECT walker FROM search_index WHERE k = 1");
                    ResultSet r = q.executeQuery()) {
                r.next();
                return r.getString(1);
            }
        });
        assertEquals(Files.readString(tmp.resolve("node-a/node-id")).strip(), walker);
        write("other/from the share vbn.txt");
        within(Duration.ofSeconds(5), () -> {
            feeds.get(1).catchUp(); // what each request does first
            return search(b, "vbn").size() == 1;
        }, "the node that does not watch did not find the change the other saw");
        assertEquals(Set.of("from the share vbn.txt"), search(a, "vbn"));
        assertFalse(search(b, "qzx").isEmpty());
    }
}
