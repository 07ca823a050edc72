package org.docbridge.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audit file: private to the server's user, and every line on disk before its change is answered. */
class AuditFileTest {

    @TempDir
    Path dir;
    final List<LogRecord> logged = new CopyOnWriteArrayList<>();
    final Logger logger = Logger.getLogger(AuditFile.class.getName());
    final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logged.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    final List<AuditFile> opened = new ArrayList<>();

    @BeforeEach
    void listen() {
        logger.addHandler(capture);
    }

    @AfterEach
    void stop() {
        opened.forEach(AuditFile::close);
        logger.removeHandler(capture);
    }

    @Test
    void aNewFileAndTheFoldersMadeForItAreTheServerUsersOnly() throws Exception {
        Path file = dir.resolve("audit/2026/audit.log");
        open(file, null);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("audit"))));
    }

    @Test
    void anExistingFileReadableByOthersIsTightenedSaidSoAndKept() throws Exception {
        Path file = dir.resolve("audit.log");
        Files.writeString(file, "an earlier line\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-r--"));
        open(file, null);
        Audit.of("ann", "delete").ok();
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        List<String> lines = Files.readAllLines(file);
        assertEquals("an earlier line", lines.get(0));
        assertTrue(lines.get(1).endsWith(" user=ann op=delete result=ok ms=0"), lines.get(1));
        assertTrue(logged.stream().anyMatch(r -> r.getLevel() == Level.WARNING
                && r.getMessage().equals("The audit file " + file + " was rw-rw-r--; made rw------- so that only the"
                        + " server's user can read it")), logged.toString());
    }

    @Test
    void anExistingOwnerOnlyFileIsLeftAsItIs() throws Exception {
        Path file = dir.resolve("audit.log");
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        open(file, null);
        assertTrue(logged.stream().noneMatch(r -> r.getLevel() == Level.WARNING), logged.toString());
    }

    @Test
    void aLineWrittenByAnInterruptedThreadDoesNotCloseTheFileForLaterLines() throws Exception {
        Path file = dir.resolve("audit.log");
        open(file, null);
        Thread.currentThread().interrupt(); // as a custom action stopped at its timeout audits its end
        try {
            Audit.of("ann", "customAction").with("result", "timeout").ok();
            assertTrue(Thread.currentThread().isInterrupted(), "the interrupt is kept for the caller");
        } finally {
            Thread.interrupted();
        }
        Audit.of("bob", "upload").ok();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertEquals(2, lines.size(), String.valueOf(lines));
        assertTrue(lines.get(1).contains("user=bob"), lines.get(1));
    }

    @Test
    void everyLineIsOnDiskBeforeTheCallThatWroteItReturns() throws Exception {
        Path file = dir.resolve("audit.log");
        WatchedChannel[] watched = new WatchedChannel[1];
        open(file, watched);
        for (int i = 0; i < 5; i++) {
            Audit.of("ann", "upload").with("n", i).ok();
            assertEquals(Files.size(file), watched[0].forcedUpTo.get(), "line " + i + " was not forced");
        }
        assertEquals(5, Files.readAllLines(file, StandardCharsets.UTF_8).size());
    }

    @Test
    void concurrentWritersReturnOnlyOnceTheirOwnLineIsOnDisk() throws Exception {
        Path file = dir.resolve("audit.log");
        WatchedChannel[] watched = new WatchedChannel[1];
        open(file, watched);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> writers = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int writer = t;
                writers.add(pool.submit(() -> {
                    for (int i = 0; i < 200; i++) {
                        Audit.of("user" + writer, "upload").with("n", i).ok();
                        long mine = watched[0].myEnd.get();
                        assertTrue(mine > 0 && watched[0].forcedUpTo.get() >= mine,
                                "returned before its line at " + mine + " was forced");
                    }
                    return null;
                }));
            }
            for (Future<?> w : writers) {
                w.get();
            }
        } finally {
            pool.shutdown();
        }
        assertEquals(1600, Files.readAllLines(file, StandardCharsets.UTF_8).size());
        System.out.println("1600 lines from 8 writers took " + watched[0].forces.get() + " forces");
    }

    /** Opens an audit file at {@code file}; with {@code watch}, through a watched channel left in {@code watch[0]}. */
    private void open(Path file, WatchedChannel[] watch) {
        AuditFile audit = new AuditFile();
        audit.file = Optional.of(file.toString());
        if (watch != null) {
            audit.opener = (path, attributes) -> watch[0] = new WatchedChannel(FileChannel.open(path,
                    EnumSet.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND), attributes));
        }
        audit.open();
        opened.add(audit);
    }
}
