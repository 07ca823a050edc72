package org.docbridge.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Generated secrets: one value for every node, kept in the database, an earlier release's file brought in. */
class SecretsTest {

    @TempDir
    Path folder;

    FlakyState state;
    Path nodeA;
    Path nodeB;

    @BeforeEach
    void open() throws Exception {
        state = FlakyState.open(Files.createDirectory(folder.resolve("db")));
        nodeA = Files.createDirectory(folder.resolve("a-state"));
        nodeB = Files.createDirectory(folder.resolve("b-state"));
    }

    @AfterEach
    void close() {
        state.close();
    }

    Secrets on(Path stateFolder) {
        return new Secrets(state.database, stateFolder);
    }

    String row(String name) {
        return state.query(c -> {
            try (PreparedStatement q = c.prepareStatement("SELECT secret_value FROM secrets WHERE name = ?")) {
                q.setString(1, name);
                try (ResultSet r = q.executeQuery()) {
                    return r.next() ? r.getString(1) : null;
                }
            }
        });
    }

    @Test
    void aSecretIsMadeOnceAndEveryNodeGetsTheSame() throws Exception {
        String made = on(nodeA).secret("api-key");
        assertTrue(made.matches("[A-Za-z0-9_-]{43}"), "32 random bytes, base64url: " + made);
        assertEquals(made, row("api-key"));
        assertEquals(made, on(nodeB).secret("api-key"), "another node");
        assertEquals(made, on(nodeA).secret("api-key"), "a restart");
        assertNotEquals(made, on(nodeA).secret("link-secret"), "each name its own");
        // each node keeps a copy where the administrator reads it, for the server's user only
        for (Path node : new Path[] {nodeA, nodeB}) {
            Path copy = node.resolve("api-key");
            assertEquals(made, Files.readString(copy).trim());
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(copy)));
        }
    }

    @Test
    void theFileOfAnEarlierReleaseIsBroughtInAndKept() throws Exception {
        Path earlier = nodeA.resolve("api-key");
        Files.writeString(earlier, "the-key-workfront-was-given-years-ago\n");
        assertEquals("the-key-workfront-was-given-years-ago", on(nodeA).secret("api-key"));
        assertEquals("the-key-workfront-was-given-years-ago", row("api-key"));
        assertEquals("the-key-workfront-was-given-years-ago\n", Files.readString(earlier), "left in place");
        assertEquals("the-key-workfront-was-given-years-ago", on(nodeB).secret("api-key"), "and shared");
        Files.delete(earlier);
        assertEquals("the-key-workfront-was-given-years-ago", on(nodeA).secret("api-key"), "the database has it");
        assertTrue(Files.exists(earlier), "and the copy is back");
    }

    @Test
    void theDatabaseWinsOverAnotherNodesOwnFile() throws Exception {
        String shared = on(nodeA).secret("link-secret");
        Path own = nodeB.resolve("link-secret");
        Files.writeString(own, "this-node-ran-alone-before\n");
        assertEquals(shared, on(nodeB).secret("link-secret"));
        assertEquals(shared, Files.readString(own).trim(), "its copy now says which one is in use");
    }

    @Test
    void twoNodesStartingAtOnceGetOneValue() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int i = 0; i < 20; i++) {
                String name = "secret-" + i;
                CyclicBarrier start = new CyclicBarrier(2);
                Future<String> a = pool.submit(() -> {
                    start.await();
                    return on(nodeA).secret(name);
                });
                Future<String> b = pool.submit(() -> {
                    start.await();
                    return on(nodeB).secret(name);
                });
                String fromA = a.get(10, TimeUnit.SECONDS);
                assertEquals(fromA, b.get(10, TimeUnit.SECONDS), name);
                assertEquals(fromA, row(name));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anUnreachableDatabaseFailsTheCallAndWritesNoCopy() {
        state.failNext(FlakyState.Fault.CONNECT);
        StateException e = assertThrows(StateException.class, () -> on(nodeA).secret("api-key"));
        assertTrue(e.unavailable());
        assertTrue(Files.notExists(nodeA.resolve("api-key")));
    }
}
