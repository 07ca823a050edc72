package org.docbridge.store.filesystem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.docbridge.state.ChangeFeed;
import org.docbridge.state.Database;
import org.docbridge.state.StateException;
import org.docbridge.state.TestState;
import org.docbridge.store.Item;
import org.docbridge.store.NoSuchItemException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two nodes on one state database and one document folder, without servers: each node is a store
 * with its own change feed, cache and node id, as two servers would have.
 */
class SharedCatalogueTest {

    @TempDir
    Path tmp;

    Path root;
    Database db;
    Node a;
    Node b;

    record Node(FileSystemStore store, ChangeFeed feed) {
    }

    @BeforeEach
    void twoNodes() throws IOException {
        root = Files.createDirectories(tmp.resolve("documents"));
        Files.createDirectories(root.resolve("folder/inner"));
        Files.writeString(root.resolve("folder/inner/file.txt"), "x");
        db = TestState.embedded(Files.createDirectories(tmp.resolve("state")));
        a = node("a");
        b = node("b");
    }

    Node node(String name) throws IOException {
        Path own = Files.createDirectories(tmp.resolve("node-" + name));
        ChangeFeed feed = new ChangeFeed(db);
        return new Node(new FileSystemStore(root, db, feed, own.resolve("node-id"), own, Duration.ZERO), feed);
    }

    @AfterEach
    void close() throws IOException {
        a.store().close();
        b.store().close();
        db.close();
    }

    static Map<String, String> idsByName(List<Item> items) {
        return items.stream().collect(Collectors.toMap(Item::name, Item::id));
    }

    @Test
    void twoNodesListingTheSameNewFolderAtOnceHandOutTheSameIds() throws Exception {
        Path big = Files.createDirectories(root.resolve("new folder"));
        for (int i = 0; i < 1000; i++) {
            Files.writeString(big.resolve("item " + i + ".txt"), "");
        }
        String folder = idsByName(a.store().children("/")).get("new folder");
        CyclicBarrier together = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CompletableFuture<Map<String, String>> onA = CompletableFuture.supplyAsync(() -> listAfter(together, a, folder), pool);
            CompletableFuture<Map<String, String>> onB = CompletableFuture.supplyAsync(() -> listAfter(together, b, folder), pool);
            Map<String, String> seenByA = onA.get();
            Map<String, String> seenByB = onB.get();
            assertEquals(1000, seenByA.size());
            assertEquals(1000, new HashSet<>(seenByA.values()).size(), "1,000 distinct ids");
            assertEquals(seenByA, seenByB, "both nodes gave every item the same id");
        } finally {
            pool.shutdownNow();
        }
    }

    private static Map<String, String> listAfter(CyclicBarrier together, Node node, String folder) {
        try {
            together.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return idsByName(node.store().children(folder));
    }

    @Test
    void aRenameOnOneNodeHoldsOnTheOtherAtItsNextCall() {
        String folder = idsByName(a.store().children("/")).get("folder");
        String inner = idsByName(a.store().children(folder)).get("inner");
        String file = idsByName(a.store().children(inner)).get("file.txt");
        // b has the rows cached
        assertEquals(List.of("folder", "inner", "file.txt"), b.store().trail(file));

        a.store().rename(folder, "renamed");

        b.feed().catchUp(); // what every request does first
        assertEquals("renamed", b.store().get(folder).name());
        assertEquals(List.of("renamed", "inner", "file.txt"), b.store().trail(file));
        assertEquals("x", read(b, file));
    }

    @Test
    void aDeleteOnOneNodeHoldsOnTheOther() {
        String folder = idsByName(a.store().children("/")).get("folder");
        String inner = idsByName(a.store().children(folder)).get("inner");
        String file = idsByName(b.store().children(inner)).get("file.txt");
        assertEquals("file.txt", b.store().get(file).name());

        a.store().delete(folder);

        b.feed().catchUp();
        assertThrows(NoSuchItemException.class, () -> b.store().get(file));
        assertThrows(NoSuchItemException.class, () -> b.store().get(folder));
        assertFalse(idsByName(b.store().children("/")).containsKey("folder"));
    }

    @Test
    void anItemCreatedOnOneNodeIsListedWithTheSameIdOnTheOther() throws IOException {
        String made = a.store().createFolder("/", "made on a").id();
        assertEquals(made, idsByName(b.store().children("/")).get("made on a"));
        String upload = a.store().createFile(made, "report.pdf").id();
        b.feed().catchUp();
        assertEquals(List.of("made on a", "report.pdf"), b.store().trail(upload));
    }

    @Test
    void whileTheDatabaseIsAwayCallsFailAsUnavailableAndWorkAgainAfter() throws IOException {
        Switchable source = new Switchable(db.dataSource());
        Database flaky = new Database(source, "a database that goes away", null);
        Path own = Files.createDirectories(tmp.resolve("node-c"));
        ChangeFeed feed = new ChangeFeed(flaky);
        try (FileSystemStore c = new FileSystemStore(root, flaky, feed, own.resolve("node-id"), own, Duration.ZERO)) {
            String folder = idsByName(c.children("/")).get("folder");
            String inner = idsByName(c.children(folder)).get("inner"); // cached: the delete gets to the disk
            source.away = true;
            assertThrows(StateException.class, () -> c.delete(inner));
            assertTrue(Files.isRegularFile(root.resolve("folder/inner/file.txt")), "the delete was taken back");
            StateException down = assertThrows(StateException.class, feed::catchUp);
            assertTrue(down.unavailable(), "answered 503, not 500");
            assertThrows(StateException.class, () -> c.children(folder));
            assertThrows(StateException.class, () -> c.createFolder(folder, "never made"));
            source.away = false;
            feed.catchUp();
            assertEquals(Map.of("inner", idsByName(a.store().children(folder)).get("inner")), idsByName(c.children(folder)));
            assertFalse(Files.exists(root.resolve("folder/never made")), "nothing of the failed call was kept");
        }
    }

    private static String read(Node node, String id) {
        try (var content = node.store().open(id); var in = java.nio.channels.Channels.newInputStream(content.channel())) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A datasource that can be made to fail as an unreachable database does. */
    static final class Switchable implements DataSource {
        private final DataSource real;
        volatile boolean away;

        Switchable(DataSource real) {
            this.real = real;
        }

        @Override
        public Connection getConnection() throws SQLException {
            if (away) {
                throw new SQLTransientConnectionException("docbridge-state - Connection is not available", "08001");
            }
            return real.getConnection();
        }

        @Override
        public Connection getConnection(String user, String password) throws SQLException {
            return getConnection();
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {
        }

        @Override
        public void setLoginTimeout(int seconds) {
        }

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public Logger getParentLogger() {
            return Logger.getGlobal();
        }

        @Override
        public <T> T unwrap(Class<T> iface) throws SQLException {
            throw new SQLException("not a wrapper");
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) {
            return false;
        }
    }
}
