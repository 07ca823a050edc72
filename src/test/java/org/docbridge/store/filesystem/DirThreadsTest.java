package org.docbridge.store.filesystem;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The soak found the server starting some 400 short-lived threads a second, traffic or not: each open
 * of a file or folder scheduled its named-pipe check on the JDK's delayed executor, whose default
 * starts a thread per task where the common pool has a parallelism of 1 (2 cores). The check now
 * runs on the delay thread itself: opens start no thread.
 */
class DirThreadsTest {

    @TempDir
    Path root;

    @Test
    void opensStartNoThreadPerOpen() throws IOException, InterruptedException {
        Files.createDirectories(root.resolve("folder"));
        Files.writeString(root.resolve("folder/file.txt"), "content");
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long before = threads.getTotalStartedThreadCount();
        for (int i = 0; i < 200; i++) {
            try (Dir dir = Dir.open(root, root.resolve("folder")); SeekableByteChannel file = dir.read("file.txt")) {
                assertTrue(file.size() > 0);
            }
        }
        Thread.sleep((Dir.PIPE_GRACE_SECONDS + 1) * 1000L); // every check has run
        long started = threads.getTotalStartedThreadCount() - before;
        assertTrue(started <= 5, "threads started for 200 opens: " + started);
    }
}
