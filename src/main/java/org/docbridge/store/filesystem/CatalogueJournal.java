package org.docbridge.store.filesystem;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.docbridge.journal.LineJournal;

/**
 * The catalogue's file, a {@link LineJournal} with these records:
 * {@code A <id> <parentId> <url-encoded name>} adds an entry,
 * {@code M <id> <parentId> <url-encoded name>} moves or renames one (with everything below it),
 * {@code P <id> <parentId> <url-encoded name>} announces such a move before it happens on disk (an
 * {@code M} of the same id settles it; one left unsettled by a crash is settled at the next start by
 * looking at the disk), {@code D <id>} forgets one and everything below it.
 */
final class CatalogueJournal implements AutoCloseable {

    enum Op { ADD, MOVE, PENDING_MOVE, FORGET }

    record Record(Op op, String id, String parentId, String name) {
        static Record add(String id, String parentId, String name) {
            return new Record(Op.ADD, id, parentId, name);
        }
    }

    record Replay(long records, long skipped) {
    }

    private final LineJournal lines;

    CatalogueJournal(Path file) {
        this.lines = new LineJournal(file, "Id catalogue");
    }

    /** Reads every good record into {@code sink}, then opens the file for appending. */
    Replay replay(Consumer<Record> sink) throws IOException {
        LineJournal.Replay replay = lines.replay(content -> {
            Record record = parse(content);
            if (record == null) {
                return false;
            }
            sink.accept(record);
            return true;
        });
        return new Replay(replay.records(), replay.skipped());
    }

    void add(String id, String parentId, String name) {
        lines.append(placed("A", id, parentId, name));
    }

    void move(String id, String parentId, String name) {
        lines.append(placed("M", id, parentId, name));
    }

    void pendingMove(String id, String parentId, String name) {
        lines.append(placed("P", id, parentId, name));
    }

    void forget(String id) {
        lines.append("D " + id);
    }

    /** Makes every record since the last call durable; see {@link LineJournal#sync}. */
    void sync() throws IOException {
        lines.sync();
    }

    /** Replaces the whole file by {@code records}, atomically. */
    void rewrite(List<Record> records) throws IOException {
        List<String> contents = new ArrayList<>(records.size());
        for (Record r : records) {
            contents.add(placed("A", r.id(), r.parentId(), r.name()));
        }
        lines.rewrite(contents);
    }

    @Override
    public void close() throws IOException {
        lines.close();
    }

    private static String placed(String op, String id, String parentId, String name) {
        return op + " " + id + " " + parentId + " " + URLEncoder.encode(name, StandardCharsets.UTF_8);
    }

    private static Record parse(String content) {
        String[] f = content.split(" ");
        try {
            if (f.length == 4 && f[0].equals("A")) {
                return Record.add(f[1], f[2], URLDecoder.decode(f[3], StandardCharsets.UTF_8));
            }
            if (f.length == 4 && f[0].equals("M")) {
                return new Record(Op.MOVE, f[1], f[2], URLDecoder.decode(f[3], StandardCharsets.UTF_8));
            }
            if (f.length == 4 && f[0].equals("P")) {
                return new Record(Op.PENDING_MOVE, f[1], f[2], URLDecoder.decode(f[3], StandardCharsets.UTF_8));
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
