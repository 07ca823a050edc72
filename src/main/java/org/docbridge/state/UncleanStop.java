package org.docbridge.state;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.h2.api.DatabaseEventListener;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreException;

/**
 * Makes H2 find every commit of an embedded database file that was not closed: after a kill, a crash,
 * or H2 closing the database itself when a write to its file failed. H2 (since 2.2.220) then looks for
 * its newest commits along a chain that starts at the file's header, each commit naming the place it
 * guesses the next one goes. A commit written elsewhere (into space freed in the middle of the file)
 * should make H2 rewrite the header to name it, but the header it writes names the commit before:
 * that commit and the ones chained after it stay out of reach until the header is written again,
 * which can be twenty commits later. Opened at that moment, the database lacks them, though they were
 * acknowledged and lie whole in the file ({@code bench/h2-kill}).
 *
 * <p>H2's recovery mode reads the file block by block and takes the newest commit whose parts are all
 * whole; closing the store then writes a header naming it. So, before H2 opens a file whose header
 * does not say it was closed, this opens it once in recovery mode and closes it. A file that was closed
 * is opened directly, as before. H2 calls {@link #init} from the {@code DATABASE_EVENT_LISTENER} named
 * in the embedded database's URL, on every opening (the start, and the pool's reopening after a failed
 * write), before it reads the file; and again for every new connection, which this leaves alone.
 */
public final class UncleanStop implements DatabaseEventListener {

    private static final Logger LOG = Logger.getLogger(UncleanStop.class.getName());

    /** What the embedded database's URL adds: H2 calls this class before it opens the file. */
    static final String URL_SETTING = ";DATABASE_EVENT_LISTENER='" + UncleanStop.class.getName() + "'";

    /** H2's file header: two copies, one in each of the file's first two blocks. */
    private static final int BLOCK = 4096;

    @Override
    public void init(String url) {
        Path file = fileOf(url);
        if (file != null && openingTheFile()) {
            settle(file);
        }
    }

    /**
     * Reads the H2 file {@code file} (a {@code .mv.db}) for its newest commit when its header does not
     * say it was closed, and closes it again. Only while no H2 database of this process has it open.
     */
    public static void settle(Path file) {
        try {
            if (closedCleanly(file) || lockedByAnotherProcess(file)) {
                // another server has it open: H2's own opening says so (the embedded database is in use)
                return;
            }
        } catch (IOException e) {
            LOG.log(Level.WARNING, "Cannot read the header of the embedded database " + file + " (" + e.getMessage()
                    + "); opening it as it is", e);
            return;
        }
        long size = size(file);
        LOG.warning(() -> "The embedded database " + file + " was not closed (the server stopped without shutting"
                + " down, or the database closed itself after a failed write): reading all of its " + (size >> 20)
                + " MiB for its newest commits before it opens");
        long start = System.nanoTime();
        try {
            new MVStore.Builder().fileName(file.toString()).recoveryMode().open().close();
        } catch (MVStoreException e) {
            if (e.getErrorCode() == DataUtils.ERROR_FILE_LOCKED) {
                // another server opened it meanwhile: H2's own opening says so
                LOG.info(() -> "The embedded database " + file + " is in use; not read before it opens");
                return;
            }
            LOG.log(Level.WARNING, "Reading the embedded database " + file + " for its newest commits failed ("
                    + e.getMessage() + "); opening it as it is", e);
            return;
        } catch (RuntimeException e) {
            // H2's own opening decides next: it names what is wrong, or opens what it finds
            LOG.log(Level.WARNING, "Reading the embedded database " + file + " for its newest commits failed ("
                    + e.getMessage() + "); opening it as it is", e);
            return;
        }
        LOG.info(() -> "The embedded database " + file + " was read to its newest commit in "
                + (System.nanoTime() - start) / 1_000_000 + " ms");
    }

    /**
     * Whether H2 calls from the constructor of its database, before it opens the file: then no other
     * database object of this process has the file open. H2 also calls {@link #init} for each further
     * connection to a database already open (it applies the URL's settings to every session), and then
     * the file must not be touched: on Linux, closing any channel on a file drops every lock this process
     * holds on it, H2's lock too, which keeps a second server off the same file.
     */
    static boolean openingTheFile() {
        return StackWalker.getInstance().walk(frames -> frames.anyMatch(
                f -> f.getClassName().equals("org.h2.engine.Database") && f.getMethodName().equals("<init>")));
    }

    /** The database file of an H2 URL {@code jdbc:h2:file:PATH;...}, or null for any other kind of URL. */
    static Path fileOf(String url) {
        String prefix = "jdbc:h2:file:";
        if (url == null || !url.startsWith(prefix)) {
            return null;
        }
        int end = url.indexOf(';');
        return Path.of(url.substring(prefix.length(), end < 0 ? url.length() : end) + ".mv.db");
    }

    /**
     * Whether H2 closed the file when it last had it open, as H2 itself judges it: both copies of the
     * header intact, alike, and saying "clean". A file not there yet, or holding no commit yet, has
     * nothing to find.
     */
    static boolean closedCleanly(Path file) throws IOException {
        if (!Files.exists(file) || Files.size(file) < 2L * BLOCK) {
            return true;
        }
        ByteBuffer both = ByteBuffer.allocate(2 * BLOCK);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            while (both.hasRemaining() && channel.read(both, both.position()) >= 0) {
                // reads until both blocks are in
            }
        }
        Map<String, String> first = header(both.array(), 0);
        Map<String, String> second = header(both.array(), BLOCK);
        return first != null && first.equals(second) && "1".equals(first.get("clean"));
    }

    /** Whether another process holds the file's lock, as H2 takes it while it has the file open. */
    private static boolean lockedByAnotherProcess(Path file) throws IOException {
        if (!Files.isWritable(file)) {
            return false; // H2 opens it read-only
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                return true;
            }
            lock.release();
            return false;
        }
    }

    /** One copy of the header, or null when it is torn or its checksum does not match. */
    private static Map<String, String> header(byte[] blocks, int offset) {
        int end = offset;
        while (end < offset + BLOCK && blocks[end] != '\n' && blocks[end] != 0) {
            end++;
        }
        String text = new String(blocks, offset, end - offset, StandardCharsets.ISO_8859_1);
        int checksumAt = text.lastIndexOf(",fletcher:");
        if (checksumAt < 0) {
            return null;
        }
        try {
            int expected = (int) Long.parseLong(text.substring(checksumAt + ",fletcher:".length()), 16);
            if (DataUtils.getFletcher32(blocks, offset, checksumAt) != expected) {
                return null;
            }
            return DataUtils.parseMap(text.substring(0, checksumAt));
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }
}
