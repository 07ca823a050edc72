package org.docbridge.store.filesystem;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.function.Consumer;
import java.util.logging.Logger;
import java.util.zip.CRC32C;

/**
 * The catalogue's file: one line per change, each ending in a CRC-32C of the line, appended and
 * forced to disk in batches. A crash can at worst cut the last line short; replay drops such a tail
 * (and any line whose checksum fails) with a warning, and truncates the file to the last good line
 * so that later appends stay readable.
 *
 * <p>Lines: {@code A <id> <parentId> <url-encoded name> <crc>} adds an entry,
 * {@code M <id> <parentId> <url-encoded name> <crc>} moves or renames one (with everything below it),
 * {@code D <id> <crc>} forgets one and everything below it.
 */
final class CatalogueJournal implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(CatalogueJournal.class.getName());

    enum Op { ADD, MOVE, FORGET }

    record Record(Op op, String id, String parentId, String name) {
        static Record add(String id, String parentId, String name) {
            return new Record(Op.ADD, id, parentId, name);
        }
    }

    record Replay(long records, long skipped) {
    }

    private final Path file;
    private FileChannel channel;
    private final StringBuilder pending = new StringBuilder();

    CatalogueJournal(Path file) {
        this.file = file;
    }

    /** Reads every good record into {@code sink}, then opens the file for appending. */
    Replay replay(Consumer<Record> sink) throws IOException {
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
                    Record record = parse(line.toString(StandardCharsets.UTF_8));
                    line.reset();
                    if (record == null) {
                        skipped++;
                        continue;
                    }
                    sink.accept(record);
                    records++;
                    goodEnd = offset;
                }
                size = offset;
            }
            if (goodEnd < size) {
                long lost = size - goodEnd;
                LOG.warning(() -> "Id catalogue " + file.getFileName() + ": dropped " + lost
                        + " bytes after the last good record (an interrupted write or damage); earlier records are intact");
            }
            if (skipped > 0) {
                long s = skipped;
                LOG.warning(() -> "Id catalogue " + file.getFileName() + ": " + s + " damaged line(s) skipped");
            }
        }
        channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        channel.truncate(goodEnd);
        channel.position(goodEnd);
        return new Replay(records, skipped);
    }

    void add(String id, String parentId, String name) {
        line("A " + id + " " + parentId + " " + URLEncoder.encode(name, StandardCharsets.UTF_8));
    }

    void move(String id, String parentId, String name) {
        line("M " + id + " " + parentId + " " + URLEncoder.encode(name, StandardCharsets.UTF_8));
    }

    void forget(String id) {
        line("D " + id);
    }

    /**
     * Writes what is pending and forces it to disk. On failure (a full disk) the file is cut back to
     * where it was and the records stay pending, so the next sync tries them again and no id that
     * was not written can leave the server.
     */
    void sync() throws IOException {
        if (pending.length() == 0) {
            return;
        }
        long start = channel.position();
        try {
            ByteBuffer bytes = StandardCharsets.UTF_8.encode(pending.toString());
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            channel.force(false);
            pending.setLength(0);
        } catch (IOException e) {
            try {
                channel.truncate(start);
                channel.position(start);
            } catch (IOException ignored) {
                // the original failure is the one to report
            }
            throw e;
        }
    }

    /** Replaces the whole file by {@code records}, atomically (write aside, force, rename). */
    void rewrite(List<Record> records) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".compact");
        try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            StringBuilder sb = new StringBuilder();
            for (Record r : records) {
                sb.setLength(0);
                appendLine(sb, "A " + r.id() + " " + r.parentId() + " "
                        + URLEncoder.encode(r.name(), StandardCharsets.UTF_8));
                ByteBuffer bytes = StandardCharsets.UTF_8.encode(sb.toString());
                while (bytes.hasRemaining()) {
                    out.write(bytes);
                }
            }
            out.force(true);
        }
        channel.close();
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
        channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        channel.position(channel.size());
    }

    @Override
    public void close() throws IOException {
        if (channel != null) {
            try {
                sync();
            } finally {
                channel.close();
            }
        }
    }

    private void line(String content) {
        appendLine(pending, content);
    }

    private static void appendLine(StringBuilder sb, String content) {
        sb.append(content).append(' ').append(crc(content)).append('\n');
    }

    private static String crc(String content) {
        CRC32C crc = new CRC32C();
        crc.update(content.getBytes(StandardCharsets.UTF_8));
        return String.format("%08x", crc.getValue());
    }

    private static Record parse(String line) {
        int lastSpace = line.lastIndexOf(' ');
        if (lastSpace < 0) {
            return null;
        }
        String content = line.substring(0, lastSpace);
        if (!crc(content).equals(line.substring(lastSpace + 1))) {
            return null;
        }
        String[] f = content.split(" ");
        try {
            if (f.length == 4 && f[0].equals("A")) {
                return Record.add(f[1], f[2], URLDecoder.decode(f[3], StandardCharsets.UTF_8));
            }
            if (f.length == 4 && f[0].equals("M")) {
                return new Record(Op.MOVE, f[1], f[2], URLDecoder.decode(f[3], StandardCharsets.UTF_8));
            }
            if (f.length == 2 && f[0].equals("D")) {
                return new Record(Op.FORGET, f[1], null, null);
            }
        } catch (IllegalArgumentException | UncheckedIOException e) {
            return null;
        }
        // intact (its checksum holds) yet unknown: written by a newer docbridge. Dropping it would
        // lose ids for good, so refuse to go on instead.
        throw new IllegalStateException("the id catalogue holds a record this version of docbridge does not know ('"
                + f[0] + "'); run the version that wrote it, or a newer one");
    }
}
