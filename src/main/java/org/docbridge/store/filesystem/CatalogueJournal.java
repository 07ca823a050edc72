package org.docbridge.store.filesystem;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
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
 * {@code D <id> <crc>} forgets one and everything below it.
 */
final class CatalogueJournal implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(CatalogueJournal.class.getName());

    enum Op { ADD, FORGET }

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
        if (Files.exists(file)) {
            try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ);
                 BufferedReader reader = new BufferedReader(
                         new InputStreamReader(Channels.newInputStream(in), StandardCharsets.UTF_8), 1 << 16)) {
                long offset = 0;
                String line;
                while ((line = reader.readLine()) != null) {
                    offset += line.getBytes(StandardCharsets.UTF_8).length + 1;
                    Record record = parse(line);
                    if (record == null) {
                        skipped++;
                        continue;
                    }
                    sink.accept(record);
                    records++;
                    goodEnd = offset;
                }
                long size = Files.size(file);
                offset = Math.min(offset, size);
                goodEnd = Math.min(goodEnd, size); // the last good line may lack its newline
                if (goodEnd < offset) {
                    long lost = offset - goodEnd;
                    LOG.warning(() -> "Id catalogue " + file.getFileName() + ": dropped " + lost
                            + " bytes of unreadable tail (an interrupted write); earlier records are intact");
                }
            }
            if (skipped > 0) {
                long s = skipped;
                LOG.warning(() -> "Id catalogue " + file.getFileName() + ": " + s + " damaged line(s) skipped");
            }
        }
        channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        channel.truncate(goodEnd);
        channel.position(goodEnd);
        if (goodEnd > 0 && !endsWithNewline(goodEnd)) {
            channel.write(ByteBuffer.wrap(new byte[] {'\n'}));
        }
        return new Replay(records, skipped);
    }

    private boolean endsWithNewline(long end) throws IOException {
        ByteBuffer last = ByteBuffer.allocate(1);
        channel.read(last, end - 1);
        return last.get(0) == '\n';
    }

    void add(String id, String parentId, String name) {
        line("A " + id + " " + parentId + " " + URLEncoder.encode(name, StandardCharsets.UTF_8));
    }

    void forget(String id) {
        line("D " + id);
    }

    /** Writes what is pending and forces it to disk. */
    void sync() throws IOException {
        if (pending.length() == 0) {
            return;
        }
        ByteBuffer bytes = StandardCharsets.UTF_8.encode(pending.toString());
        pending.setLength(0);
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
        channel.force(false);
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
            if (f.length == 2 && f[0].equals("D")) {
                return new Record(Op.FORGET, f[1], null, null);
            }
        } catch (IllegalArgumentException | UncheckedIOException e) {
            return null;
        }
        return null;
    }
}
