package org.docbridge.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.logging.Logger;

/**
 * The exclusive hold of one server on a state folder: an operating-system lock on {@code state/lock},
 * which a stopped or crashed process gives up by itself. Two servers appending to the same journals
 * would corrupt them, and a compaction on one would leave the other writing to a deleted file.
 *
 * <p>Within one JVM (an application server that deploys docbridge twice, or redeploys it) the file
 * lock cannot tell deployments apart, and a deployment that merely opened and closed the file would
 * drop the lock of another (POSIX releases all of a process's locks on a file when any of its
 * descriptors for it closes). So a deployment first claims the folder in a JVM-wide registry (a
 * system property), and only the claimant touches the file.
 */
final class StateLock {

    private static final Logger LOG = Logger.getLogger(StateLock.class.getName());

    static final String FILE = "lock";
    private static final String CLAIM = "org.docbridge.state-lock:";
    private static final Duration POLL = Duration.ofMillis(250);

    private final String claim;
    private final String token;
    private final FileChannel channel;
    private final FileLock lock;

    private StateLock(String claim, String token, FileChannel channel, FileLock lock) {
        this.claim = claim;
        this.token = token;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock on {@code state}, waiting up to {@code wait} for a holder that is stopping.
     *
     * @throws IllegalStateException naming the folder and what to do, when it stays held
     */
    static StateLock take(Path state, Duration wait) {
        Path file = state.resolve(FILE);
        String claim;
        try {
            // one key per folder however it is reached (a symlinked data folder), as the file lock has
            claim = CLAIM + state.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException("docbridge.data-dir: cannot resolve the state folder " + state, e);
        }
        String token = UUID.randomUUID().toString();
        long deadline = System.nanoTime() + wait.toNanos();
        boolean told = false;
        while (true) {
            String holder;
            String remedy;
            if (System.getProperties().putIfAbsent(claim, token) == null) {
                StateLock taken = tryFile(state, file, claim, token);
                if (taken != null) {
                    LOG.info(() -> "State folder " + state + " is this server's alone (it holds " + file + " locked)");
                    return taken;
                }
                holder = "another docbridge server (" + holderOf(file) + ")"; // read while still the claimant
                remedy = "Stop that server";
                System.getProperties().remove(claim, token);
            } else {
                holder = "another deployment of docbridge in this server";
                remedy = "Undeploy that deployment";
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new IllegalStateException("docbridge.data-dir: the state folder " + state + " is in use by " + holder
                        + ". Two servers writing to one state folder would corrupt it. " + remedy
                        + ", or give this server a data folder of its own (docbridge.data-dir).");
            }
            if (!told) {
                String h = holder;
                LOG.warning(() -> "State folder " + state + " is in use by " + h + "; waiting up to "
                        + wait.toSeconds() + " s for it to be released");
                told = true;
            }
            try {
                Thread.sleep(Math.min(POLL.toMillis(), Math.max(1, left / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the state folder " + state, e);
            }
        }
    }

    /** The file lock, for the holder of the JVM-wide claim; null while another process holds it. */
    private static StateLock tryFile(Path state, Path file, String claim, String token) {
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null; // something else in this JVM holds it: as good as held
            }
            if (lock == null) {
                channel.close(); // safe: this JVM holds no lock on the file (the claim says so)
                return null;
            }
            // who holds it, for the message of a server that finds it taken
            byte[] who = (ProcessHandle.current().pid() + " on " + host() + ", since "
                    + Instant.now().truncatedTo(ChronoUnit.SECONDS) + "\n").getBytes(StandardCharsets.UTF_8);
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(who), 0);
            return new StateLock(claim, token, channel, lock);
        } catch (IOException e) {
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // the original failure is the one to report
                }
            }
            System.getProperties().remove(claim, token);
            throw new UncheckedIOException("docbridge.data-dir: cannot lock the state folder " + state + " ("
                    + e.getMessage() + "); the folder must be writable and its file system must support locks", e);
        }
    }

    /** What the holder wrote into the file: "process <pid> on <host>, since <time>", or less when unreadable. */
    private static String holderOf(Path file) {
        // read by path, never through a channel that could drop a lock of this JVM: it holds none here
        try {
            byte[] bytes = java.nio.file.Files.readAllBytes(file);
            String text = new String(bytes, 0, Math.min(bytes.length, 200), StandardCharsets.UTF_8).strip();
            return text.isEmpty() || text.chars().anyMatch(c -> c < 0x20) ? "process unknown" : "process " + text;
        } catch (IOException e) {
            return "process unknown";
        }
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "an unnamed host";
        }
    }

    /** Gives the folder up: at undeploy, or when a start fails after taking it. */
    void release() {
        try {
            lock.release();
        } catch (IOException e) {
            // closing the channel below releases it too
        }
        try {
            channel.close();
        } catch (IOException e) {
            LOG.warning(() -> "State folder lock: could not close " + FILE + ": " + e);
        }
        System.getProperties().remove(claim, token);
    }
}
