package org.docbridge.store.filesystem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.docbridge.store.Item;
import org.docbridge.store.NoSuchItemException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What someone with write access to the share can try against the store: swapping a folder for a
 * link (or a file for a named pipe) between the check of a path and its use, and leaving hidden
 * files behind; and the callers' last checks, run just before a write takes effect.
 */
class StoreSafetyTest {

    @TempDir
    Path tmp;

    Path root;
    Path state;
    Path outside;

    @BeforeEach
    void layout() throws IOException {
        root = Files.createDirectories(tmp.resolve("documents"));
        state = Files.createDirectories(tmp.resolve("state"));
        Files.createDirectories(root.resolve("a/b"));
        Files.writeString(root.resolve("a/b/c.txt"), "c");
        // what an attacker would like to reach: a folder outside the store, shaped like the one inside
        outside = Files.createDirectories(tmp.resolve("outside"));
        Files.createDirectories(outside.resolve("b"));
        Files.writeString(outside.resolve("c.txt"), "secret");
        Files.writeString(outside.resolve("b/c.txt"), "secret");
    }

    org.docbridge.state.Database db;

    FileSystemStore open() throws IOException {
        if (db == null) {
            db = org.docbridge.state.TestState.embedded(state);
        }
        return new FileSystemStore(root, db, new org.docbridge.state.ChangeFeed(db), state.resolve("node-id"), state,
                Duration.ZERO);
    }

    @org.junit.jupiter.api.AfterEach
    void closeDatabase() {
        if (db != null) {
            db.close();
        }
    }

    static Map<String, Item> byName(List<Item> items) {
        return items.stream().collect(Collectors.toMap(Item::name, Function.identity()));
    }

    /** Ids of a, a/b and a/b/c.txt. */
    static List<String> ids(FileSystemStore store) {
        String a = byName(store.children("/")).get("a").id();
        String b = byName(store.children(a)).get("b").id();
        return List.of(a, b, byName(store.children(b)).get("c.txt").id());
    }

    /** Replaces the folder {@code folder} by a link to {@code target}, once. */
    Runnable swap(Path folder, Path target) {
        return new Runnable() {
            boolean done;

            @Override
            public void run() {
                if (done) {
                    return;
                }
                done = true;
                try {
                    Files.move(folder, folder.resolveSibling(folder.getFileName() + "-moved-away"));
                    Files.createSymbolicLink(folder, target);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }
        };
    }

    @Test
    void aFolderSwappedForALinkAfterTheCheckIsNotReadThrough() throws IOException {
        try (FileSystemStore store = open()) {
            String c = ids(store).get(2);
            store.afterCheck(swap(root.resolve("a/b"), outside));
            assertThrows(NoSuchItemException.class, () -> store.open(c).close());
        }
    }

    @Test
    void aFolderSwappedForALinkAfterTheCheckIsNotListed() throws IOException {
        try (FileSystemStore store = open()) {
            String b = ids(store).get(1);
            store.afterCheck(swap(root.resolve("a/b"), outside));
            assertThrows(NoSuchItemException.class, () -> store.children(b));
        }
    }

    @Test
    void aFolderSwappedForALinkDuringAnUploadTakesNothingOutside() throws IOException {
        try (FileSystemStore store = open()) {
            String c = ids(store).get(2);
            store.afterCheck(swap(root.resolve("a/b"), outside));
            assertThrows(NoSuchItemException.class, () -> store.replaceContent(c, bytes("new"), 100));
        }
        assertEquals("secret", Files.readString(outside.resolve("c.txt")));
        try (var names = Files.list(outside)) {
            assertEquals(Set.of("b", "c.txt"), names.map(p -> p.getFileName().toString()).collect(Collectors.toSet()));
        }
    }

    @Test
    void aFolderSwappedForALinkBeforeADeleteEmptiesNothingOutside() throws IOException {
        try (FileSystemStore store = open()) {
            String b = ids(store).get(1);
            store.afterCheck(swap(root.resolve("a"), outside));
            assertThrows(NoSuchItemException.class, () -> store.delete(b));
        }
        assertEquals("secret", Files.readString(outside.resolve("b/c.txt")));
    }

    @Test
    void aFileSwappedForANamedPipeNeverBlocksARead() throws Exception {
        Path c = root.resolve("a/b/c.txt");
        try (FileSystemStore store = open()) {
            String id = ids(store).get(2);
            store.afterCheck(() -> {
                try {
                    Files.delete(c);
                    Process mkfifo = new ProcessBuilder("mkfifo", c.toString()).start();
                    assertEquals(0, mkfifo.waitFor());
                } catch (IOException | InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            assertTimeoutPreemptively(Duration.ofSeconds(10),
                    () -> assertThrows(NoSuchItemException.class, () -> store.open(id).close()));
        }
    }

    /** Replaces {@code entry} by a named pipe, once, right before it is opened. */
    static java.util.function.Consumer<Path> pipeInstead(Path entry) {
        return new java.util.function.Consumer<>() {
            boolean done;

            @Override
            public void accept(Path opening) {
                if (done || !opening.equals(entry)) {
                    return;
                }
                done = true;
                try {
                    Files.move(entry, entry.resolveSibling(entry.getFileName() + "-moved-away"));
                    Process mkfifo = new ProcessBuilder("mkfifo", entry.toString()).start();
                    assertEquals(0, mkfifo.waitFor());
                } catch (IOException | InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }
        };
    }

    @Test
    void aNamedPipeSwappedInBetweenTheTypeCheckAndTheOpenHoldsNoReadLonger() throws Exception {
        try (FileSystemStore store = open()) {
            String id = ids(store).get(2);
            Dir.beforeOpen = pipeInstead(root.resolve("a/b/c.txt"));
            try {
                assertTimeoutPreemptively(Duration.ofSeconds(4 * Dir.PIPE_GRACE_SECONDS),
                        () -> assertThrows(NoSuchItemException.class, () -> store.open(id).close()));
            } finally {
                Dir.beforeOpen = entry -> { };
            }
        }
    }

    @Test
    void aNamedPipeSwappedInForAFolderHoldsNoWriteLock() throws Exception {
        try (FileSystemStore store = open()) {
            List<String> ids = ids(store);
            Dir.beforeOpen = pipeInstead(root.resolve("a/b"));
            try {
                // the walk to a/b for the rename runs under the write lock
                assertTimeoutPreemptively(Duration.ofSeconds(4 * Dir.PIPE_GRACE_SECONDS),
                        () -> assertThrows(NoSuchItemException.class, () -> store.rename(ids.get(2), "d.txt")));
            } finally {
                Dir.beforeOpen = entry -> { };
            }
            assertEquals("a", store.createFolder("/", "after").name().substring(0, 1), "the next write goes through");
        }
    }

    @Test
    void aZeroLengthReadDoesNotEndTheContent() throws IOException {
        try (FileSystemStore store = open()) {
            String c = ids(store).get(2);
            byte[] data = "hello, world".getBytes(StandardCharsets.UTF_8);
            InputStream stuttering = new InputStream() {
                int at;
                boolean pause = true;

                @Override
                public int read() {
                    throw new UnsupportedOperationException();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    if (at == data.length) {
                        return -1;
                    }
                    pause = !pause;
                    if (pause) {
                        return 0; // some streams answer 0 while nothing has arrived yet
                    }
                    b[off] = data[at++];
                    return 1;
                }
            };
            store.replaceContent(c, stuttering, 100);
            assertEquals("hello, world", read(store, c));
        }
    }

    @Test
    void aRefusingCheckLeavesTheOldContentAndNoTemporaryFile() throws IOException {
        try (FileSystemStore store = open()) {
            List<String> ids = ids(store);
            String c = ids.get(2);
            assertThrows(IllegalStateException.class, () -> store.replaceContent(c, bytes("new"), 100,
                    () -> { throw new IllegalStateException("locked meanwhile"); }));
            assertEquals("c", read(store, c));
            assertThrows(IllegalStateException.class, () -> store.move(c, ids.get(0), "c.txt",
                    () -> { throw new IllegalStateException("no"); }));
            assertThrows(IllegalStateException.class, () -> store.delete(ids.get(1),
                    () -> { throw new IllegalStateException("no"); }));
            assertThrows(IllegalStateException.class, () -> store.createFolder(ids.get(1), "new",
                    () -> { throw new IllegalStateException("no"); }));
            assertEquals(List.of("a", "b", "c.txt"), store.trail(c));
        }
        try (var names = Files.list(root.resolve("a/b"))) {
            assertEquals(List.of("c.txt"), names.map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    void theSweepRemovesWhatEarlierRunsLeftAnywhereAndSparesRunningWork() throws IOException {
        String node;
        try (FileSystemStore store = open()) {
            node = Files.readString(state.resolve("node-id")).strip();
        }
        Path deep = Files.createDirectories(root.resolve("a/b/deep"));
        Files.writeString(deep.resolve(".docbridge-upload-" + node + ".earlier1-AAAAAAAAAAAAAAAA.tmp"), "half");
        Path trash = Files.createDirectories(root.resolve("a/.docbridge-deleting-" + node + ".earlier1-BBBB"));
        Files.writeString(Files.createDirectories(trash.resolve("x/y")).resolve("z.bin"), "z");
        Path othersOld = root.resolve(".docbridge-upload-othernode.run1-CCCCCCCCCCCCCCCC.tmp");
        Files.writeString(othersOld, "old");
        Files.setLastModifiedTime(othersOld, FileTime.from(Instant.now().minus(Duration.ofDays(2))));
        Path othersRunning = root.resolve(".docbridge-upload-othernode.run1-DDDDDDDDDDDDDDDD.tmp");
        Files.writeString(othersRunning, "running");
        // never entered: a link out of the store, and the state folder
        Files.writeString(outside.resolve(".docbridge-upload-" + node + ".earlier1-EEEEEEEEEEEEEEEE.tmp"), "x");
        Files.createSymbolicLink(root.resolve("link-out"), outside);
        Files.writeString(state.resolve(".docbridge-upload-" + node + ".earlier1-FFFFFFFFFFFFFFFF.tmp"), "x");
        try (FileSystemStore store = open()) {
            Path mine = deep.resolve(store.leftovers().tempName());
            Files.writeString(mine, "this run's upload, still running");
            store.sweepLeftovers();
            assertTrue(Files.exists(mine), "this run's own work is never swept");
        }
        assertFalse(Files.exists(trash), "an interrupted delete's folder is removed");
        assertFalse(Files.exists(othersOld), "another server's file untouched for a day is removed");
        assertTrue(Files.exists(othersRunning), "another server's running upload stays");
        try (var names = Files.list(deep)) {
            assertEquals(1, names.count(), "only this run's file remains");
        }
        assertTrue(Files.exists(outside.resolve(".docbridge-upload-" + node + ".earlier1-EEEEEEEEEEEEEEEE.tmp")));
        assertTrue(Files.exists(state.resolve(".docbridge-upload-" + node + ".earlier1-FFFFFFFFFFFFFFFF.tmp")));
        assertEquals("c", Files.readString(root.resolve("a/b/c.txt")));
    }

    @Test
    void temporaryNamesNameTheServerAndTheRun() throws IOException {
        try (FileSystemStore first = open()) {
            String a = first.leftovers().tempName();
            assertTrue(a.startsWith(".docbridge-upload-") && a.endsWith(".tmp"), a);
            Files.createDirectories(tmp.resolve("state2"));
            try (FileSystemStore second = new FileSystemStore(root, db,
                    new org.docbridge.state.ChangeFeed(db), tmp.resolve("state2/node-id"), state, Duration.ZERO)) {
                String b = second.leftovers().tempName();
                assertFalse(a.substring(0, 27).equals(b.substring(0, 27)), "servers with their own state differ: " + a + " " + b);
            }
        }
    }

    private static InputStream bytes(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String read(FileSystemStore store, String id) throws IOException {
        try (var content = store.open(id); InputStream in = Channels.newInputStream(content.channel())) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
