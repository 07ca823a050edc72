package org.docbridge.state;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UncleanStopTest {

    @Test
    void aFileLeftOpenIsReadThroughAndClosedBeforeH2OpensIt(@TempDir Path tmp) throws Exception {
        Path running = Files.createDirectories(tmp.resolve("running"));
        Path left = Files.createDirectories(tmp.resolve("left"));
        Path opened = Files.createDirectories(tmp.resolve("opened"));
        try (Database database = StateSource.open(StateSource.Settings.embedded(), running)) {
            database.inTransaction(c -> c.createStatement().execute("create table kept(v int)") || true);
            for (int v = 1; v <= 40; v++) {
                int value = v;
                database.inTransaction(c -> c.createStatement().executeUpdate("insert into kept values (" + value + ")") == 1);
            }
            // the file as a kill would leave it: written up to the last commit, never closed
            Files.copy(running.resolve("docbridge.mv.db"), left.resolve("docbridge.mv.db"));
            Files.copy(running.resolve("docbridge.mv.db"), opened.resolve("docbridge.mv.db"));
        }
        assertTrue(UncleanStop.closedCleanly(running.resolve("docbridge.mv.db")), "a closed database's header says so");
        assertFalse(UncleanStop.closedCleanly(left.resolve("docbridge.mv.db")), "the copy of an open database was taken for closed");

        UncleanStop.settle(left.resolve("docbridge.mv.db"));
        assertTrue(UncleanStop.closedCleanly(left.resolve("docbridge.mv.db")),
                "after the reading, the header names the newest commit and says the file was closed");

        // the embedded database's own opening does the same, before H2 reads the file
        List<String> said = new ArrayList<>();
        Handler listen = listen(said);
        try (Database database = StateSource.open(StateSource.Settings.embedded(), opened)) {
            long[] countAndSum = database.read(c -> {
                try (ResultSet rs = c.createStatement().executeQuery("select count(*), sum(v) from kept")) {
                    rs.next();
                    return new long[] {rs.getLong(1), rs.getLong(2)};
                }
            });
            assertArrayEquals(new long[] {40, 820}, countAndSum, "a commit was lost");
        } finally {
            LOGGER.removeHandler(listen);
        }
        assertTrue(said.stream().anyMatch(m -> m.contains("was read to its newest commit in")),
                "the embedded database opened an unclosed file without reading it first: " + said);
    }

    @Test
    void newConnectionsToTheOpenDatabaseLeaveItsFileAndItsLockAlone(@TempDir Path tmp) throws Exception {
        try (Database database = StateSource.open(StateSource.Settings.embedded(), tmp)) {
            database.inTransaction(c -> c.createStatement().execute("create table kept(v int)") || true);
            // more connections at once than the pool keeps idle: H2 applies the URL's settings to each
            List<Connection> held = new ArrayList<>();
            try {
                for (int i = 0; i < 6; i++) {
                    held.add(database.dataSource().getConnection());
                }
            } finally {
                for (Connection c : held) {
                    c.close();
                }
            }
            Process probe = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                    System.getProperty("java.class.path"), LockProbe.class.getName(),
                    tmp.resolve("docbridge.mv.db").toString()).redirectErrorStream(true).start();
            String answer = new String(probe.getInputStream().readAllBytes()).trim();
            assertEquals(0, probe.waitFor());
            assertEquals("refused", answer, "another process could lock the open database's file");
        }
    }

    @Test
    void aFileAnotherProcessHasOpenIsLeftToH2(@TempDir Path tmp) throws Exception {
        Path file = leftOpen(tmp);
        Process holder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), LockProbe.class.getName(), file.toString(), "hold").start();
        List<String> said = new ArrayList<>();
        Handler listen = listen(said);
        try {
            assertEquals("holding", new java.io.BufferedReader(new java.io.InputStreamReader(holder.getInputStream()))
                    .readLine());
            byte[] before = Files.readAllBytes(file);
            UncleanStop.settle(file);
            assertArrayEquals(before, Files.readAllBytes(file), "a file another process holds was written to");
            assertTrue(said.isEmpty(), "a file in use by another server was announced as not closed: " + said);
        } finally {
            LOGGER.removeHandler(listen);
            holder.getOutputStream().close();
            holder.waitFor();
        }
    }

    /** An embedded database's file as a kill would leave it: written up to the last commit, never closed. */
    private static Path leftOpen(Path tmp) throws Exception {
        Path running = Files.createDirectories(tmp.resolve("running-" + System.nanoTime()));
        Path left = Files.createDirectories(tmp.resolve("left-" + System.nanoTime())).resolve("docbridge.mv.db");
        try (Database database = StateSource.open(StateSource.Settings.embedded(), running)) {
            database.inTransaction(c -> c.createStatement().execute("create table kept(v int)") || true);
            Files.copy(running.resolve("docbridge.mv.db"), left);
        }
        assertFalse(UncleanStop.closedCleanly(left));
        return left;
    }

    private static final Logger LOGGER = Logger.getLogger(UncleanStop.class.getName());

    /** Collects what UncleanStop logs into {@code said}, until the handler is removed. */
    private static Handler listen(List<String> said) {
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                said.add(record.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        LOGGER.addHandler(handler);
        return handler;
    }

    /**
     * Run in a process of its own: whether it can lock {@code args[0]} (it cannot while H2 has it open);
     * with a second argument, it holds the lock until its input closes.
     */
    public static final class LockProbe {
        public static void main(String[] args) throws Exception {
            try (FileChannel channel = FileChannel.open(Path.of(args[0]), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                boolean locked = channel.tryLock() != null;
                if (args.length > 1) {
                    // holds the lock, as a server with the database open does, until its input closes
                    System.out.println(locked ? "holding" : "refused");
                    System.out.flush();
                    System.in.read();
                    return;
                }
                System.out.println(locked ? "locked" : "refused");
            }
        }
    }

    @Test
    void aClosedFileIsLeftAsItIs(@TempDir Path tmp) throws Exception {
        try (Database database = StateSource.open(StateSource.Settings.embedded(), tmp)) {
            database.inTransaction(c -> c.createStatement().execute("create table kept(v int)") || true);
        }
        Path file = tmp.resolve("docbridge.mv.db");
        byte[] before = Files.readAllBytes(file);
        UncleanStop.settle(file);
        assertArrayEquals(before, Files.readAllBytes(file), "a cleanly closed file was written to");
    }

    @Test
    void aTornOrMissingHeaderIsNotTakenForAClosedFile(@TempDir Path tmp) throws Exception {
        try (Database database = StateSource.open(StateSource.Settings.embedded(), tmp)) {
            database.inTransaction(c -> c.createStatement().execute("create table kept(v int)") || true);
        }
        Path file = tmp.resolve("docbridge.mv.db");
        assertTrue(UncleanStop.closedCleanly(file));
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap("H:2,block:9".getBytes()), 4096 + 2); // the second copy, torn
        }
        assertFalse(UncleanStop.closedCleanly(file), "a header whose copies differ was trusted");
        assertTrue(UncleanStop.closedCleanly(tmp.resolve("absent.mv.db")), "a database not created yet has nothing to find");
    }

    @Test
    void aFileH2CannotReadIsLeftToH2sOwnOpeningWithAWarning(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("docbridge.mv.db");
        byte[] noise = new byte[64 * 1024];
        new java.util.Random(7).nextBytes(noise);
        Files.write(file, noise);
        List<String> said = new ArrayList<>();
        Handler listen = listen(said);
        try {
            UncleanStop.settle(file); // H2's opening then names what is wrong with the file
        } finally {
            LOGGER.removeHandler(listen);
        }
        assertArrayEquals(noise, Files.readAllBytes(file), "a file that is no database was written to");
        assertTrue(said.stream().anyMatch(m -> m.contains("for its newest commits failed")),
                "the failed reading was not logged: " + said);
    }

    @Test
    void onlyAnH2FileUrlNamesAFile() {
        assertEquals(Path.of("/data/state/docbridge.mv.db"),
                UncleanStop.fileOf("jdbc:h2:file:/data/state/docbridge;MODE=PostgreSQL;WRITE_DELAY=0"));
        assertEquals(Path.of("/data/db.mv.db"), UncleanStop.fileOf("jdbc:h2:file:/data/db"));
        assertNull(UncleanStop.fileOf("jdbc:h2:mem:state"));
        assertNull(UncleanStop.fileOf("jdbc:postgresql://db/docbridge"));
        assertNull(UncleanStop.fileOf(null));
    }
}
