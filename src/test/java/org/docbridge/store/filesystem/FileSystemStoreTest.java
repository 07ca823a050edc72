package org.docbridge.store.filesystem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.docbridge.state.ChangeFeed;
import org.docbridge.state.Database;
import org.docbridge.state.TestState;
import org.docbridge.store.DocumentStore;
import org.docbridge.store.InvalidNameException;
import org.docbridge.store.Item;
import org.docbridge.store.ItemNames;
import org.docbridge.store.NameTakenException;
import org.docbridge.store.NoSuchItemException;
import org.docbridge.store.NotAllowedException;
import org.docbridge.store.TooLargeException;
import org.docbridge.store.WrongKindException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The filesystem store and its id catalogue, without a server: restarts, crashes, odd trees. */
class FileSystemStoreTest {

    @TempDir
    Path tmp;

    Path root;
    Path state;
    Database db;

    @BeforeEach
    void layout() throws IOException {
        root = Files.createDirectories(tmp.resolve("documents"));
        state = Files.createDirectories(tmp.resolve("state"));
        db = TestState.embedded(state);
        Files.createDirectories(root.resolve("a/b"));
        Files.writeString(root.resolve("a/b/c.txt"), "c");
        Files.writeString(root.resolve("top.txt"), "top");
    }

    @AfterEach
    void closeDatabase() {
        db.close();
    }

    /** A store as a server (re)started on the same state would open it: nothing cached yet. */
    FileSystemStore open() throws IOException {
        return open(state, Duration.ZERO);
    }

    FileSystemStore open(Path excluded, Duration forgetAfter) throws IOException {
        return new FileSystemStore(root, db, new ChangeFeed(db), state.resolve("node-id"), excluded, forgetAfter);
    }

    /** Announces a move as a server would just before renaming on disk, then "stops". */
    void announceMove(String id, String parentId, String newName) {
        db.inTransaction(c -> {
            try (var add = c.prepareStatement(
                    "INSERT INTO pending_moves (id, parent_id, name, node, since) VALUES (?, ?, ?, ?, ?)")) {
                add.setString(1, id);
                add.setString(2, parentId);
                add.setString(3, newName);
                add.setString(4, Files.readString(state.resolve("node-id")).trim());
                add.setLong(5, System.currentTimeMillis());
                add.executeUpdate();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return null;
        });
    }

    long pendingMoves() {
        return db.read(c -> {
            try (var q = c.prepareStatement("SELECT count(*) FROM pending_moves"); var r = q.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        });
    }

    boolean hasRow(String id) {
        return db.read(c -> {
            try (var q = c.prepareStatement("SELECT 1 FROM items WHERE id = ?")) {
                q.setString(1, id);
                try (var r = q.executeQuery()) {
                    return r.next();
                }
            }
        });
    }

    static Map<String, Item> byName(List<Item> items) {
        return items.stream().collect(Collectors.toMap(Item::name, Function.identity()));
    }

    @Test
    void idsSurviveARestart() throws IOException {
        String a;
        String c;
        try (FileSystemStore store = open()) {
            a = byName(store.children("/")).get("a").id();
            String b = byName(store.children(a)).get("b").id();
            c = byName(store.children(b)).get("c.txt").id();
        }
        try (FileSystemStore store = open()) {
            assertEquals("c.txt", store.get(c).name());
            assertEquals(a, byName(store.children("/")).get("a").id());
            assertEquals(3, store.knownIds() - 1); // a, b, c.txt and top.txt
        }
    }

    @Test
    void itemsThatDisappearLoseTheirIdAndHiddenOnesNeverGetOne() throws IOException {
        Files.writeString(root.resolve(".secret"), "x");
        try (FileSystemStore store = open()) {
            Map<String, Item> listed = byName(store.children("/"));
            assertFalse(listed.containsKey(".secret"));
            String top = listed.get("top.txt").id();
            Files.delete(root.resolve("top.txt"));
            assertThrows(NoSuchItemException.class, () -> store.get(top));
            store.children("/"); // notes it missing
            store.children("/"); // still missing, past the (zero) grace: forgotten
            Files.writeString(root.resolve("top.txt"), "back");
            assertTrue(!byName(store.children("/")).get("top.txt").id().equals(top), "a new item, a new id");
        }
    }

    @Test
    void withoutForgettingAVanishedItemKeepsItsIdUntilItComesBack() throws IOException {
        try (FileSystemStore store = open(state, null)) {
            String top = byName(store.children("/")).get("top.txt").id();
            Files.move(root.resolve("top.txt"), tmp.resolve("away.txt"));
            store.children("/");
            store.children("/"); // with a zero grace this second listing would forget it
            assertTrue(hasRow(top), "its row was kept");
            Files.move(tmp.resolve("away.txt"), root.resolve("top.txt"));
            assertEquals(top, byName(store.children("/")).get("top.txt").id());
        }
    }

    @Test
    void anItemBrieflyMissingKeepsItsId() throws IOException {
        try (FileSystemStore store = open(state, Duration.ofMinutes(10))) {
            String top = byName(store.children("/")).get("top.txt").id();
            Path saved = root.resolve("top.txt");
            Files.move(saved, root.resolve(".top.txt.swp")); // an editor saving by write and rename
            store.children("/");
            store.children("/");
            Files.move(root.resolve(".top.txt.swp"), saved);
            assertEquals(top, byName(store.children("/")).get("top.txt").id());
        }
    }

    @Test
    void aListingThatMissedANewFileDoesNotForgetItsId() throws IOException {
        try (FileSystemStore store = open()) {
            store.children("/");
            Files.writeString(root.resolve("new.txt"), "new");
            String id = byName(store.children("/")).get("new.txt").id();
            // a listing that read the folder before new.txt existed, finishing after: same as missing
            Files.move(root.resolve("new.txt"), root.resolve(".hidden-for-a-moment"));
            store.children("/");
            Files.move(root.resolve(".hidden-for-a-moment"), root.resolve("new.txt"));
            store.children("/"); // past the zero grace, but on disk again: kept
            assertEquals("new.txt", store.get(id).name());
        }
    }

    @Test
    void theStateFolderIsNeverServedEvenInsideTheRoot() throws IOException {
        Path inside = Files.createDirectories(root.resolve("state"));
        Files.writeString(inside.resolve("api-key"), "secret");
        try (FileSystemStore store = open(inside, Duration.ZERO)) {
            assertFalse(byName(store.children("/")).containsKey("state"));
            assertEquals(0, store.search("/", "api-key", 10).size());
            assertEquals(0, store.search("/", "state", 10).size());
        }
    }

    @Test
    void symlinksLeadingOutOfTheRootAreInvisible() throws IOException {
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Files.writeString(outside.resolve("passwd"), "secret");
        Files.createSymbolicLink(root.resolve("escape"), outside);
        Files.createSymbolicLink(root.resolve("escape.txt"), outside.resolve("passwd"));
        Files.createSymbolicLink(root.resolve("inside.txt"), root.resolve("top.txt"));
        Files.createSymbolicLink(root.resolve("state-link"), state);
        try (FileSystemStore store = open()) {
            Map<String, Item> listed = byName(store.children("/"));
            assertFalse(listed.containsKey("escape"));
            assertFalse(listed.containsKey("escape.txt"));
            assertFalse(listed.containsKey("state-link"));
            assertTrue(listed.containsKey("inside.txt"));
            assertEquals(0, store.search("/", "passwd", 100).size());
        }
    }

    @Test
    void aLinkRepointedOutsideAfterListingIsRefused() throws IOException {
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Files.writeString(outside.resolve("passwd"), "secret");
        Files.createSymbolicLink(root.resolve("moving.txt"), root.resolve("top.txt"));
        try (FileSystemStore store = open()) {
            String id = byName(store.children("/")).get("moving.txt").id();
            Files.delete(root.resolve("moving.txt"));
            Files.createSymbolicLink(root.resolve("moving.txt"), outside.resolve("passwd"));
            assertThrows(NoSuchItemException.class, () -> store.get(id));
            assertThrows(NoSuchItemException.class, () -> store.open(id));
        }
    }

    @Test
    void searchMatchesNamesAsPlainTextIgnoringCase() throws IOException {
        Files.writeString(root.resolve("a/b/Report [final].TXT"), "r");
        Files.writeString(root.resolve("a/reportx"), "r");
        try (FileSystemStore store = open()) {
            assertEquals(List.of("Report [final].TXT"),
                    store.search("/", "[FINAL]", 10).stream().map(Item::name).toList());
            assertEquals(2, store.search("/", "report", 10).size());
            assertEquals(1, store.search("/", "report", 1).size());
            assertEquals(0, store.search("/", ".*", 10).size());
            String b = store.search("/", "b", 10).stream().filter(Item::folder).findFirst().orElseThrow().id();
            assertEquals(1, store.search(b, "report", 10).size());
        }
    }

    @Test
    void kindsAreChecked() throws IOException {
        try (FileSystemStore store = open()) {
            String top = byName(store.children("/")).get("top.txt").id();
            assertTrue(assertThrows(WrongKindException.class, () -> store.children(top)).folderExpected());
            assertThrows(WrongKindException.class, () -> store.open(DocumentStore.ROOT_ID));
            try (DocumentStore.Content content = store.open(top)) {
                assertEquals(3, content.item().size());
                java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(10);
                content.channel().read(buffer);
                assertEquals("top", new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8));
            }
        }
    }

    @Test
    void inventedIdsNeverResolve() throws IOException {
        try (FileSystemStore store = open()) {
            store.children("/");
            for (String id : List.of("", "..", "../top.txt", "top.txt", "a", "/a", "%2e%2e", "\u0000",
                    "AAAAAAAAAAAAAAA", "AAAAAAAAAAAAAAAAA", "AAAAAAAAAAAAAAA.")) {
                assertThrows(NoSuchItemException.class, () -> store.get(id), id);
            }
        }
    }

    // --- the write operations -------------------------------------------------------------------

    @Test
    void createdItemsGetIdsThatSurviveARestart() throws IOException {
        String folder;
        String file;
        try (FileSystemStore store = open()) {
            folder = store.createFolder("/", "New folder").id();
            file = store.createFile(folder, "empty.txt").id();
            assertEquals(0, store.get(file).size());
            assertTrue(Files.isDirectory(root.resolve("New folder")));
        }
        try (FileSystemStore store = open()) {
            assertEquals("empty.txt", store.get(file).name());
            assertEquals(folder, byName(store.children("/")).get("New folder").id());
        }
    }

    @Test
    void everyNameTheWritePathAcceptsIsOneTheStoreServes() {
        // a name docbridge writes must be one it lists again, or the item would vanish with its id
        for (String name : List.of("report.pdf", "会議資料.pdf", "family 👨‍👩‍👧.jpg", "e\u0301te\u0301.txt",
                "50% off + more.txt", "(draft) [v2] {x}.docx", "€ & £.txt")) {
            assertTrue(Names.isServable(ItemNames.check(name)), name);
        }
    }

    @Test
    void deletingOrRenamingASymlinkTouchesTheLinkNotWhatItPointsTo() throws IOException {
        Files.createSymbolicLink(root.resolve("shortcut"), root.resolve("a"));
        try (FileSystemStore store = open()) {
            Map<String, Item> top = byName(store.children("/"));
            String shortcut = top.get("shortcut").id();
            String a = top.get("a").id();
            assertThrows(NameTakenException.class, () -> store.move(shortcut, "/", "a"));
            store.move(shortcut, "/", "renamed shortcut");
            assertTrue(Files.isSymbolicLink(root.resolve("renamed shortcut")));
            store.delete(shortcut);
            assertFalse(Files.exists(root.resolve("renamed shortcut"), java.nio.file.LinkOption.NOFOLLOW_LINKS));
            assertTrue(Files.exists(root.resolve("a/b/c.txt")), "the folder the link pointed to is untouched");
            assertEquals("a", store.get(a).name());
        }
    }

    @Test
    void aFolderHoldingTheStateCanBeNeitherDeletedNorMoved() throws IOException {
        Path inside = Files.createDirectories(root.resolve("admin/state"));
        Files.writeString(inside.resolve("node-id"), "n");
        try (FileSystemStore store = open(inside, Duration.ZERO)) {
            String admin = byName(store.children("/")).get("admin").id();
            assertThrows(NotAllowedException.class, () -> store.delete(admin));
            assertThrows(NotAllowedException.class, () -> store.move(admin, "/", "elsewhere"));
            assertTrue(Files.exists(inside.resolve("node-id")));
        }
    }

    @Test
    void aNewItemNeverInheritsTheIdOfAVanishedOneByTheSameName() throws IOException {
        try (FileSystemStore store = open(state, null)) {
            String old = byName(store.children("/")).get("top.txt").id();
            Files.delete(root.resolve("top.txt")); // gone behind docbridge's back; its entry is kept
            String fresh = store.createFile("/", "top.txt").id();
            assertTrue(!fresh.equals(old));
            assertThrows(NoSuchItemException.class, () -> store.get(old));
        }
    }

    @Test
    void createRefusesTakenAndInvalidNames() throws IOException {
        try (FileSystemStore store = open()) {
            assertThrows(NameTakenException.class, () -> store.createFile("/", "top.txt"));
            assertThrows(NameTakenException.class, () -> store.createFolder("/", "a"));
            assertThrows(InvalidNameException.class, () -> store.createFolder("/", "../escape"));
            assertThrows(InvalidNameException.class, () -> store.createFile("/", ".hidden"));
            String top = byName(store.children("/")).get("top.txt").id();
            assertThrows(WrongKindException.class, () -> store.createFile(top, "inside-a-file"));
            assertEquals("top", Files.readString(root.resolve("top.txt")));
        }
        assertFalse(Files.exists(tmp.resolve("escape")));
    }

    @Test
    void renamingAFolderKeepsEveryIdBelowItAcrossARestart() throws IOException {
        String a;
        String c;
        try (FileSystemStore store = open()) {
            a = byName(store.children("/")).get("a").id();
            String b = byName(store.children(a)).get("b").id();
            c = byName(store.children(b)).get("c.txt").id();
            assertEquals("renamed", store.move(a, "/", "renamed").name());
            assertEquals("c.txt", store.get(c).name());
            try (DocumentStore.Content content = store.open(c)) {
                assertEquals(1, content.item().size());
            }
        }
        assertTrue(Files.exists(root.resolve("renamed/b/c.txt")));
        try (FileSystemStore store = open()) {
            assertEquals("renamed", store.get(a).name());
            assertEquals("c.txt", store.get(c).name());
            assertEquals(a, byName(store.children("/")).get("renamed").id());
        }
    }

    @Test
    void movingKeepsTheIdAndNeverReplaces() throws IOException {
        try (FileSystemStore store = open()) {
            Map<String, Item> top = byName(store.children("/"));
            String file = top.get("top.txt").id();
            String a = top.get("a").id();
            assertEquals("top.txt", store.move(file, a, "top.txt").name());
            assertEquals(file, byName(store.children(a)).get("top.txt").id());
            Files.writeString(root.resolve("a/other.txt"), "other");
            assertThrows(NameTakenException.class, () -> store.move(file, a, "other.txt"));
            assertEquals("other", Files.readString(root.resolve("a/other.txt")));
            assertThrows(NotAllowedException.class, () -> store.move("/", a, "x"));
            String b = byName(store.children(a)).get("b").id();
            assertThrows(NotAllowedException.class, () -> store.move(a, b, "loop"));
        }
    }

    @Test
    void deletingAFolderForgetsEveryIdBelowIt() throws IOException {
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Files.writeString(outside.resolve("keep.txt"), "keep");
        Files.createSymbolicLink(root.resolve("a/b/link-out"), outside);
        String a;
        String c;
        try (FileSystemStore store = open()) {
            a = byName(store.children("/")).get("a").id();
            String b = byName(store.children(a)).get("b").id();
            c = byName(store.children(b)).get("c.txt").id();
            store.delete(a);
            assertThrows(NoSuchItemException.class, () -> store.get(a));
            assertThrows(NoSuchItemException.class, () -> store.get(c));
            assertThrows(NotAllowedException.class, () -> store.delete("/"));
        }
        assertFalse(Files.exists(root.resolve("a")));
        assertEquals("keep", Files.readString(outside.resolve("keep.txt")), "a symlink is removed, not followed");
        try (FileSystemStore store = open()) {
            assertThrows(NoSuchItemException.class, () -> store.get(c));
        }
    }

    @Test
    void replacingContentIsAllOrNothing() throws IOException {
        try (FileSystemStore store = open()) {
            String id = byName(store.children("/")).get("top.txt").id();
            byte[] next = "new content".getBytes(StandardCharsets.UTF_8);
            assertEquals(next.length, store.replaceContent(id, new java.io.ByteArrayInputStream(next), 100).size());
            assertEquals("new content", Files.readString(root.resolve("top.txt")));

            assertThrows(TooLargeException.class,
                    () -> store.replaceContent(id, new java.io.ByteArrayInputStream(new byte[101]), 100));
            java.io.InputStream breaking = new java.io.InputStream() {
                int left = 10;

                @Override
                public int read() throws IOException {
                    if (left-- <= 0) {
                        throw new IOException("client went away");
                    }
                    return 'x';
                }
            };
            assertThrows(IOException.class, () -> store.replaceContent(id, breaking, 100));
            assertEquals("new content", Files.readString(root.resolve("top.txt")));
            try (var leftovers = Files.list(root)) {
                assertEquals(List.of(), leftovers.map(p -> p.getFileName().toString())
                        .filter(n -> n.startsWith(".docbridge")).toList(), "no temporary file is left");
            }
            assertThrows(WrongKindException.class,
                    () -> store.replaceContent("/", new java.io.ByteArrayInputStream(next), 100));
        }
    }

    // --- rename, interrupted moves, delete, leftovers of uploads ----------------------------------

    /** The ids of a, a/b and a/b/c.txt, in that order. */
    static List<String> idsOfABC(FileSystemStore store) {
        String a = byName(store.children("/")).get("a").id();
        String b = byName(store.children(a)).get("b").id();
        String c = byName(store.children(b)).get("c.txt").id();
        return List.of(a, b, c);
    }

    @Test
    void renameKeepsTheIdOfTheItemAndOfEverythingBelowAcrossARestart() throws IOException {
        List<String> ids;
        String top;
        try (FileSystemStore store = open()) {
            ids = idsOfABC(store);
            top = byName(store.children("/")).get("top.txt").id();
            Item renamed = store.rename(ids.get(0), "Projets 2024 é");
            assertEquals(ids.get(0), renamed.id());
            assertEquals("Projets 2024 é", renamed.name());
            assertTrue(renamed.folder());
            assertEquals(List.of("Projets 2024 é", "b", "c.txt"), store.trail(ids.get(2)));
            assertEquals(ids.get(1), byName(store.children(ids.get(0))).get("b").id());
            assertEquals("renamed.txt", store.rename(top, "renamed.txt").name());
            assertEquals(top, byName(store.children("/")).get("renamed.txt").id());
        }
        assertTrue(Files.isRegularFile(root.resolve("Projets 2024 é/b/c.txt")));
        assertFalse(Files.exists(root.resolve("a")));
        assertEquals("top", Files.readString(root.resolve("renamed.txt")));
        try (FileSystemStore store = open()) {
            Map<String, Item> listed = byName(store.children("/"));
            assertEquals(Set.of("Projets 2024 é", "renamed.txt"), listed.keySet());
            assertEquals(ids.get(0), listed.get("Projets 2024 é").id());
            assertEquals(top, listed.get("renamed.txt").id());
            assertEquals(ids.get(1), byName(store.children(ids.get(0))).get("b").id());
            assertEquals(ids.get(2), byName(store.children(ids.get(1))).get("c.txt").id());
            assertEquals("c.txt", store.get(ids.get(2)).name());
            assertEquals(4, store.knownIds(), "no new ids were made for the renamed items");
        }
    }

    @Test
    void renameRefusesTheRootTakenAndInvalidNames() throws IOException {
        try (FileSystemStore store = open()) {
            List<String> ids = idsOfABC(store);
            String top = byName(store.children("/")).get("top.txt").id();
            assertThrows(NotAllowedException.class, () -> store.rename(DocumentStore.ROOT_ID, "root"));
            assertThrows(NameTakenException.class, () -> store.rename(top, "a"));
            assertThrows(NameTakenException.class, () -> store.rename(ids.get(0), "top.txt"));
            assertThrows(InvalidNameException.class, () -> store.rename(top, "../escape.txt"));
            assertThrows(InvalidNameException.class, () -> store.rename(top, ".hidden"));
            assertThrows(NoSuchItemException.class, () -> store.rename("QQQQQQQQQQQQQQQQ", "x"));
            assertEquals("top", Files.readString(root.resolve("top.txt")));
            assertTrue(Files.isDirectory(root.resolve("a/b")));
            assertEquals("top.txt", store.get(top).name());
            assertEquals("a", store.get(ids.get(0)).name());
            // renaming to its own name changes nothing
            assertEquals(top, store.rename(top, "top.txt").id());
            assertEquals("top", Files.readString(root.resolve("top.txt")));
        }
        assertFalse(Files.exists(tmp.resolve("escape.txt")));
        try (var names = Files.list(root)) {
            assertEquals(Set.of("a", "top.txt"), names.map(p -> p.getFileName().toString()).collect(Collectors.toSet()));
        }
    }

    @Test
    void aMoveIsAnnouncedBeforeTheRenameAndSettledAfter() throws IOException {
        String a;
        try (FileSystemStore store = open()) {
            a = byName(store.children("/")).get("a").id();
            store.rename(a, "new name");
            assertEquals(0, pendingMoves(), "the announcement is settled once the rename is done");
            assertEquals("new name", store.get(a).name());
        }
    }

    @Test
    void aMoveDoneOnDiskButNotRecordedIsCompletedAtTheNextStart() throws IOException {
        List<String> ids;
        try (FileSystemStore store = open()) {
            ids = idsOfABC(store);
        }
        // the crash: the move announced, the rename done on disk, the row not yet moved
        announceMove(ids.get(0), "/", "Moved ü");
        Files.move(root.resolve("a"), root.resolve("Moved ü"));
        try (FileSystemStore store = open()) {
            assertEquals("Moved ü", store.get(ids.get(0)).name());
            assertEquals(List.of("Moved ü", "b", "c.txt"), store.trail(ids.get(2)));
            assertEquals("c", Files.readString(root.resolve("Moved ü/b/c.txt")));
            Map<String, Item> listed = byName(store.children("/"));
            assertEquals(ids.get(0), listed.get("Moved ü").id());
            assertEquals(ids.get(1), byName(store.children(ids.get(0))).get("b").id());
            assertEquals(ids.get(2), byName(store.children(ids.get(1))).get("c.txt").id());
            assertEquals(4, store.knownIds());
        }
        assertEquals(0, pendingMoves(), "the start settled the move");
        try (FileSystemStore store = open()) {
            assertEquals("Moved ü", store.get(ids.get(0)).name());
            assertEquals("c.txt", store.get(ids.get(2)).name());
        }
    }

    @Test
    void aMoveIntoAnotherFolderDoneOnDiskButNotRecordedIsCompleted() throws IOException {
        String top;
        String b;
        try (FileSystemStore store = open()) {
            b = idsOfABC(store).get(1);
            top = byName(store.children("/")).get("top.txt").id();
        }
        announceMove(top, b, "top.txt");
        Files.move(root.resolve("top.txt"), root.resolve("a/b/top.txt"));
        try (FileSystemStore store = open()) {
            assertEquals(List.of("a", "b", "top.txt"), store.trail(top));
            assertEquals(top, byName(store.children(b)).get("top.txt").id());
            assertFalse(byName(store.children("/")).containsKey("top.txt"));
        }
    }

    @Test
    void aMoveAnnouncedButNotDoneOnDiskLeavesTheIdWhereItWas() throws IOException {
        List<String> ids;
        try (FileSystemStore store = open()) {
            ids = idsOfABC(store);
        }
        announceMove(ids.get(0), "/", "never happened");
        try (FileSystemStore store = open()) {
            assertEquals("a", store.get(ids.get(0)).name());
            assertEquals(List.of("a", "b", "c.txt"), store.trail(ids.get(2)));
            assertEquals(ids.get(0), byName(store.children("/")).get("a").id());
            // the abandoned target name, once it exists, is a different item
            Files.createDirectory(root.resolve("never happened"));
            String other = byName(store.children("/")).get("never happened").id();
            assertFalse(other.equals(ids.get(0)));
        }
        try (FileSystemStore store = open()) {
            assertEquals("a", store.get(ids.get(0)).name());
            assertEquals("c.txt", store.get(ids.get(2)).name());
            // and a real rename still works afterwards
            store.rename(ids.get(0), "later");
            assertEquals(List.of("later", "b", "c.txt"), store.trail(ids.get(2)));
        }
    }

    @Test
    void aMoveAnnouncedForAnIdThatNoLongerExistsDoesNotStopTheStart() throws IOException {
        String top;
        String a;
        try (FileSystemStore store = open()) {
            Map<String, Item> listed = byName(store.children("/"));
            top = listed.get("top.txt").id();
            a = listed.get("a").id();
            store.delete(a);
        }
        // an announcement dies with its item's row: only one for a live item can be left
        assertThrows(org.docbridge.state.StateException.class, () -> announceMove(a, "/", "ghost"));
        for (int start = 0; start < 2; start++) {
            try (FileSystemStore store = open()) {
                assertEquals("top.txt", store.get(top).name());
                assertEquals(List.of("top.txt"), store.trail(top));
                assertThrows(NoSuchItemException.class, () -> store.get(a));
                assertThrows(NoSuchItemException.class, () -> store.get("QQQQQQQQQQQQQQQQ"));
                assertEquals(Set.of("top.txt"), byName(store.children("/")).keySet());
            }
        }
    }

    /**
     * An announced move whose target folder is unknown while the item itself still exists: the move
     * cannot have happened, so the id stays where it is (as for a move not done on disk).
     */
    @Test
    void aMoveAnnouncedIntoAnUnknownFolderKeepsTheIdWhereItWas() throws IOException {
        String top;
        try (FileSystemStore store = open()) {
            top = byName(store.children("/")).get("top.txt").id();
        }
        announceMove(top, "RRRRRRRRRRRRRRRR", "into a vanished folder");
        for (int start = 0; start < 2; start++) {
            try (FileSystemStore store = open()) {
                assertEquals("top.txt", store.get(top).name(), "start " + start);
                assertEquals(top, byName(store.children("/")).get("top.txt").id(), "start " + start);
            }
        }
    }

    @Test
    void deletingAFolderRemovesItsTreeAndLeavesNoTrashBehind() throws IOException {
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Files.writeString(outside.resolve("keep.txt"), "keep");
        Files.createDirectories(root.resolve("a/b/deep/deeper"));
        Files.writeString(root.resolve("a/b/deep/deeper/x.bin"), "x");
        Files.writeString(root.resolve("a/.hidden"), "h");
        Files.createSymbolicLink(root.resolve("a/out-dir"), outside);
        Files.createSymbolicLink(root.resolve("a/b/out-file"), outside.resolve("keep.txt"));
        Files.createSymbolicLink(root.resolve("a/in-file"), root.resolve("top.txt"));
        List<String> ids;
        String deeper;
        String top;
        try (FileSystemStore store = open()) {
            ids = idsOfABC(store);
            deeper = byName(store.children(byName(store.children(ids.get(1))).get("deep").id())).get("deeper").id();
            top = byName(store.children("/")).get("top.txt").id();
            store.delete(ids.get(0));
            for (String id : List.of(ids.get(0), ids.get(1), ids.get(2), deeper)) {
                assertThrows(NoSuchItemException.class, () -> store.get(id), id);
                assertThrows(NoSuchItemException.class, () -> store.trail(id), id);
            }
            assertThrows(NoSuchItemException.class, () -> store.delete(ids.get(0)), "a second delete");
            assertEquals(Set.of("top.txt"), byName(store.children("/")).keySet());
            assertEquals("top.txt", store.get(top).name());
            assertEquals(1, store.knownIds(), "top.txt only");
        }
        try (var names = Files.list(root)) {
            assertEquals(List.of("top.txt"), names.map(p -> p.getFileName().toString()).toList(),
                    "no .docbridge-deleting-* folder remains");
        }
        assertEquals("keep", Files.readString(outside.resolve("keep.txt")));
        assertEquals("top", Files.readString(root.resolve("top.txt")));
        try (var names = Files.list(outside)) {
            assertEquals(List.of("keep.txt"), names.map(p -> p.getFileName().toString()).toList());
        }
        try (FileSystemStore store = open()) {
            assertThrows(NoSuchItemException.class, () -> store.get(deeper));
            assertEquals(1, store.knownIds());
        }
    }

    @Test
    void deletingAFileRemovesOnlyThatFile() throws IOException {
        try (FileSystemStore store = open()) {
            List<String> ids = idsOfABC(store);
            store.delete(ids.get(2));
            assertThrows(NoSuchItemException.class, () -> store.get(ids.get(2)));
            assertEquals(List.of(), store.children(ids.get(1)));
            assertEquals("b", store.get(ids.get(1)).name());
        }
        assertTrue(Files.isDirectory(root.resolve("a/b")));
        try (var names = Files.list(root.resolve("a/b"))) {
            assertEquals(0, names.count());
        }
    }

    @Test
    void discardingInterruptedUploadsRemovesOnlyWhatEarlierRunsOfThisServerLeftBesideTheFile() throws IOException {
        Path folder = root.resolve("a/b");
        String node;
        try (FileSystemStore store = open()) {
            node = Files.readString(state.resolve("node-id")).strip();
        }
        Files.writeString(folder.resolve(".docbridge-upload-" + node + ".earlier1-AAAAAAAAAAAAAAAA.tmp"), "half");
        Path abandoned = folder.resolve(".docbridge-upload-othernode.run1-BBBBBBBBBBBBBBBB.tmp");
        Files.writeString(abandoned, "half");
        Files.setLastModifiedTime(abandoned, java.nio.file.attribute.FileTime.from(
                java.time.Instant.now().minus(Duration.ofHours(25))));
        // another server's upload in progress, and one of a release that did not name its server
        List<String> kept = List.of("c.txt", ".docbridge-upload-othernode.run1-CCCCCCCCCCCCCCCC.tmp",
                ".docbridge-upload-x.tmp", "other.tmp", ".docbridge-upload-x.txt", "docbridge-upload-x.tmp",
                ".docbridge-deleting-x", ".docbridge-upload-x.tmp.bak");
        for (String name : kept.subList(1, kept.size())) {
            Files.writeString(folder.resolve(name), "keep");
        }
        Files.writeString(root.resolve("a/.docbridge-upload-" + node + ".earlier1-DDDDDDDDDDDDDDDD.tmp"), "elsewhere");
        try (FileSystemStore store = open()) {
            String c = idsOfABC(store).get(2);
            store.discardInterruptedUploads(c);
            store.discardInterruptedUploads("QQQQQQQQQQQQQQQQ"); // unknown: nothing happens
            store.discardInterruptedUploads(DocumentStore.ROOT_ID); // the root has no folder around it
            assertEquals("c", Files.readString(folder.resolve("c.txt")));
        }
        try (var names = Files.list(folder)) {
            Set<String> left = names.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
            assertEquals(Set.copyOf(kept), left);
        }
        assertTrue(Files.exists(root.resolve("a/.docbridge-upload-" + node + ".earlier1-DDDDDDDDDDDDDDDD.tmp")),
                "only the file's own folder is looked at");
    }

    @Test
    void trailNamesTheItemsFromTheRoot() throws IOException {
        try (FileSystemStore store = open()) {
            assertEquals(List.of(), store.trail(DocumentStore.ROOT_ID));
            List<String> ids = idsOfABC(store);
            assertEquals(List.of("a"), store.trail(ids.get(0)));
            assertEquals(List.of("a", "b"), store.trail(ids.get(1)));
            assertEquals(List.of("a", "b", "c.txt"), store.trail(ids.get(2)));
            String made = store.createFolder(ids.get(1), "Réunion d'été").id();
            assertEquals(List.of("a", "b", "Réunion d'été"), store.trail(made));
            assertThrows(NoSuchItemException.class, () -> store.trail("QQQQQQQQQQQQQQQQ"));
            assertThrows(NoSuchItemException.class, () -> store.trail("../a"));
        }
    }
}
