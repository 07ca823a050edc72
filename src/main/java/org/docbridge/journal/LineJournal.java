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
 * An append-only file of text records, one per line, each ending in a CRC-32C of the line, appended
 * and forced to disk in batches. A crash can at worst cut the last line short; replay drops such a
 * tail (and any line whose checksum fails) with a warning, and truncates the file to the last good
 * line so that later appends stay readable. What a line means is the owner's business.
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
    private final StringBuilder pending = new StringBuilder();

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
        return new Replay(records, skipped);
    }

    /** Adds a record (one line, no line break inside); durable after the next {@link #sync}. */
    public void append(String content) {
        appendLine(pending, content);
    }

    /**
     * Writes what is pending and forces it to disk. On failure (a full disk) the file is cut back to
     * where it was and the records stay pending, so the next sync tries them again.
     */
    public void sync() throws IOException {
        if (pending.length() == 0) {
            return;
        }
        long start = out.getFilePointer();
        try {
            out.write(pending.toString().getBytes(StandardCharsets.UTF_8));
            out.getFD().sync();
            pending.setLength(0);
        } catch (IOException e) {
            try {
                out.setLength(start);
                out.seek(start);
            } catch (IOException ignored) {
                // the original failure is the one to report
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
        out.seek(out.length());
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
