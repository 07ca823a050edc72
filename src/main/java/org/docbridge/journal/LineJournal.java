package org.docbridge.journal;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.function.Predicate;
import java.util.logging.Logger;
import java.util.zip.CRC32C;

/**
 * An append-only file of text records, one per line, each ending in a CRC-32C of the line. A crash
 * can at worst cut the last line short; replay drops such a tail (and any line whose checksum fails)
 * with a warning, and truncates the file to the last good line so that later appends stay readable.
 * What a line means is the owner's business.
 *
 * <p>Two ways to write, for two kinds of owner. An owner that changes its memory first and must
 * never lose what it announced (the id catalogue) {@link #append}s and {@link #sync}s: a record whose
 * sync failed stays queued and goes out with the next sync. An owner that changes its memory only
 * once the record is on disk (locks, upload sessions) {@link #commit}s: a record whose write failed
 * is dropped, so that a request answered with an error never takes effect later.
 */
public final class LineJournal implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(LineJournal.class.getName());

    /** What a replay found: records handed over, and lines dropped as damaged or refused. */
    public record Replay(long records, long skipped) {
    }

    private final Path file;
    private final String what;
    /**
     * Appends go through a RandomAccessFile, not a FileChannel: a channel closes for good when the
     * writing thread is interrupted (a custom action stopped at its timeout), which would leave the
     * journal unwritable until a restart.
     */
    private RandomAccessFile out;
    /** Where the last good record ends: what a failed write is cut back to, before anything else is written. */
    private long end;
    private final StringBuilder pending = new StringBuilder();

    /** Steps of a write at which a test can make the disk fail: writing, forcing, cutting back after a failure. */
    enum Step { WRITE, FORCE, CUT_BACK }

    /** A test's failing disk: throws at a step to act as a full or broken disk. */
    interface Fault {
        Fault NONE = step -> { };

        void at(Step step) throws IOException;
    }

    /** Test seam only (see JournalFaults in the tests); production code never sets it. */
    volatile Fault fault = Fault.NONE;

    /**
     * @param file the journal's file (created by {@link #replay} if missing)
     * @param what how log lines name it, e.g. "Id catalogue"
     */
    public LineJournal(Path file, String what) {
        this.file = file;
        this.what = what;
    }

    public Path file() {
        return file;
    }

    /**
     * Hands the content of every intact line to {@code sink} (which answers false for a line it
     * cannot use), then opens the file for appending.
     */
    public Replay replay(Predicate<String> sink) throws IOException {
        long records = 0;
        long skipped = 0;
        long goodEnd = 0;
        long size = 0;
        if (Files.exists(file)) {
            // lines are found by their bytes, so that garbage from a torn write cannot shift offsets
            try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
                ByteArrayOutputStream line = new ByteArrayOutputStream(128);
                long offset = 0;
                for (int b; (b = in.read()) >= 0; ) {
                    offset++;
                    if (b != '\n') {
                        line.write(b);
                        continue;
                    }
                    String content = intact(line.toString(StandardCharsets.UTF_8));
                    line.reset();
                    if (content == null || !sink.test(content)) {
                        skipped++;
                        continue;
                    }
                    records++;
                    goodEnd = offset;
                }
                size = offset;
            }
            if (goodEnd < size) {
                long lost = size - goodEnd;
                LOG.warning(() -> what + " " + file.getFileName() + ": dropped " + lost
                        + " bytes after the last good record (an interrupted write or damage); earlier records are intact");
            }
            if (skipped > 0) {
                long s = skipped;
                LOG.warning(() -> what + " " + file.getFileName() + ": " + s + " damaged line(s) skipped");
            }
        }
        out = new RandomAccessFile(file.toFile(), "rw");
        out.setLength(goodEnd);
        out.seek(goodEnd);
        end = goodEnd;
        return new Replay(records, skipped);
    }

    /**
     * Queues a record (one line, no line break inside); durable after the next {@link #sync}. For
     * owners that change their memory before the record is durable: see the class comment.
     */
    public void append(String content) {
        appendLine(pending, content);
    }

    /**
     * Writes what is queued and forces it to disk. On failure (a full disk) the file is cut back to
     * where it was and the records stay queued, so the next sync tries them again.
     */
    public void sync() throws IOException {
        if (pending.length() == 0) {
            return;
        }
        write(pending.toString());
        pending.setLength(0);
    }

    /**
     * Writes one record (one line, no line break inside) and forces it to disk before returning, or
     * not at all: on failure the file is cut back and the record dropped, so that it never takes
     * effect later, not at the next write and not at a replay. Anything {@link #append}ed before is
     * synced first (its failure fails this call too, and this record is not written).
     */
    public void commit(String content) throws IOException {
        sync();
        StringBuilder line = new StringBuilder(content.length() + 10);
        appendLine(line, content);
        write(line.toString());
    }

    /**
     * Writes whole lines after the last good record and forces them, or throws with the file cut back
     * to that record. A cut-back that itself failed is done again before anything else is written,
     * so no record ever lands behind the remains of a failed one.
     */
    private void write(String lines) throws IOException {
        if (out.length() != end) {
            out.setLength(end); // the remains of an earlier failed write; if this fails, nothing is written
        }
        out.seek(end);
        try {
            fault.at(Step.WRITE);
            out.write(lines.getBytes(StandardCharsets.UTF_8));
            fault.at(Step.FORCE);
            out.getFD().sync();
            end = out.getFilePointer();
        } catch (IOException e) {
            try {
                fault.at(Step.CUT_BACK);
                out.setLength(end);
                out.seek(end);
            } catch (IOException ignored) {
                // the original failure is the one to report; the next write cuts back again first
            }
            throw e;
        }
    }

    /** Replaces the whole file by {@code records}, atomically (write aside, force, rename). */
    public void rewrite(List<String> records) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".compact");
        try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            StringBuilder sb = new StringBuilder();
            for (String r : records) {
                sb.setLength(0);
                appendLine(sb, r);
                ByteBuffer bytes = StandardCharsets.UTF_8.encode(sb.toString());
                while (bytes.hasRemaining()) {
                    out.write(bytes);
                }
            }
            out.force(true);
        }
        out.close();
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
        try (FileChannel dir = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
            dir.force(true); // make the rename itself durable
        } catch (IOException e) {
            // some file systems cannot sync a folder; the rename is still atomic
        }
        out = new RandomAccessFile(file.toFile(), "rw");
        end = out.length();
        out.seek(end);
    }

    @Override
    public void close() throws IOException {
        if (out != null) {
            try {
                sync();
            } finally {
                out.close();
            }
        }
    }

    private static void appendLine(StringBuilder sb, String content) {
        sb.append(content).append(' ').append(crc(content)).append('\n');
    }

    private static String crc(String content) {
        CRC32C crc = new CRC32C();
        crc.update(content.getBytes(StandardCharsets.UTF_8));
        return String.format("%08x", crc.getValue());
    }

    /** The line without its checksum, or null when the checksum does not hold. */
    private static String intact(String line) {
        int lastSpace = line.lastIndexOf(' ');
        if (lastSpace < 0) {
            return null;
        }
        String content = line.substring(0, lastSpace);
        return crc(content).equals(line.substring(lastSpace + 1)) ? content : null;
    }
}
