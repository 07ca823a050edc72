package org.docbridge.state.upgrade;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * Replays {@code catalogue.log}, the id catalogue of the versions before the database, exactly as
 * they replayed it at start, into the {@link ItemRows} for {@code items} and {@code pending_moves}.
 *
 * <p>Records: {@code A <id> <parentId> <name>} adds an item, {@code M} the same moves or renames
 * it (with everything below), {@code P} the same announces a move before the rename on disk (an
 * M, or any other record of that id, settles it), {@code D <id>} forgets an item and everything
 * below; names are URL-encoded (form encoding: a space is {@code +}). As before: a line whose
 * checksum fails, or that does not parse, is skipped; a record that does not fit the tree (an
 * unknown parent, an id already known, a name taken or never served, a move into itself) is skipped
 * with a warning; a record of an unknown type stops everything, since it was written by a newer
 * version and dropping it would lose ids.
 */
final class CatalogueReplay {

    private static final Logger LOG = Logger.getLogger(CatalogueReplay.class.getName());
    static final String FILE = "catalogue.log";

    /** An announced move left unsettled: (id, new parent id, new name). */
    record PendingMove(String id, String parentId, String name) {
    }

    final ItemTree tree = new ItemTree();
    final Map<String, PendingMove> unsettled = new LinkedHashMap<>();
    private long records;
    private long damaged;
    private long inconsistent;

    /** Reads {@code file} (which must exist) into memory. */
    static CatalogueReplay read(Path file) throws IOException {
        CatalogueReplay replay = new CatalogueReplay();
        JournalLines.Replay lines = StateFiles.replay(file, "Import of", replay::apply);
        replay.records = lines.records();
        replay.damaged = lines.skipped();
        return replay;
    }

    long records() {
        return records;
    }

    /** Lines skipped as the previous versions skipped them: damaged, or not fitting the tree. */
    long skipped() {
        return damaged + inconsistent;
    }

    /** The moves to settle at the next start: only those whose item and target folder are known. */
    List<PendingMove> pendingMoves() {
        List<PendingMove> pending = new ArrayList<>();
        for (PendingMove move : unsettled.values()) {
            int item = tree.find(move.id());
            // the previous versions settled the others at start without touching the disk: a
            // gone item has nothing to move, a gone target folder or the root cannot have moved
            if (item != ItemTree.NONE && item != ItemTree.ROOT && tree.find(move.parentId()) != ItemTree.NONE) {
                pending.add(move);
            }
        }
        return pending;
    }

    /**
     * Writes the outcome to {@code file}, every item after its parent, and answers it: the tree
     * (the largest thing an import holds) is garbage from then on, before the database's work begins.
     */
    ItemRows spool(Path file) throws IOException {
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16))) {
            tree.visitParentsFirst(item -> {
                out.writeUTF(tree.id(item));
                out.writeUTF(tree.id(tree.parent(item)));
                out.writeUTF(tree.name(item));
            });
        }
        return new ItemRows(file, tree.size(), pendingMoves(), records, skipped());
    }

    // --- replay, as IdCatalogue.apply and CatalogueJournal.parse did it ------------------------

    private boolean apply(String content) {
        String[] f = content.split(" ");
        String name;
        try {
            if (f.length == 4 && (f[0].equals("A") || f[0].equals("M") || f[0].equals("P"))) {
                name = URLDecoder.decode(f[3], StandardCharsets.UTF_8);
            } else if (f.length == 2 && f[0].equals("D")) {
                name = null;
            } else {
                // intact (its checksum holds) yet unknown: written by a newer docbridge
                throw JournalImport.unknownRecord(FILE, f[0]);
            }
        } catch (IllegalArgumentException | UncheckedIOException e) {
            return false; // a name that does not decode: skipped like a damaged line
        }
        String id = f[1];
        if (f[0].equals("P")) {
            unsettled.put(id, new PendingMove(id, f[2], name));
            return true;
        }
        unsettled.remove(id);
        switch (f[0]) {
            case "A" -> add(id, f[2], name);
            case "M" -> move(id, f[2], name);
            default -> forget(id);
        }
        return true;
    }

    private void add(String id, String parentId, String name) {
        int parent = tree.find(parentId);
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        if (parent == ItemTree.NONE || !ItemTree.isWellFormed(id) || tree.find(id) != ItemTree.NONE
                || !isServable(name) || tree.child(parent, bytes) != ItemTree.NONE) {
            skip("an inconsistent record for id " + id);
            return;
        }
        tree.add(id, parent, bytes);
    }

    private void move(String id, String parentId, String name) {
        int item = tree.find(id);
        int parent = tree.find(parentId);
        if (item == ItemTree.NONE || item == ItemTree.ROOT || parent == ItemTree.NONE || !isServable(name)
                || tree.isBelow(parent, item)) {
            skip("an inconsistent move of id " + id);
            return;
        }
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        int stale = tree.child(parent, bytes);
        if (stale != ItemTree.NONE && stale != item) {
            boolean takesItem = tree.isBelow(item, stale);
            tree.forget(stale); // an item gone from disk that held the name
            if (takesItem) {
                return; // the moving item lay below it and went with it: its id was no longer found
            }
        }
        tree.move(item, parent, bytes);
    }

    private void forget(String id) {
        int item = tree.find(id);
        if (item != ItemTree.NONE && item != ItemTree.ROOT) {
            tree.forget(item);
        }
    }

    private void skip(String what) {
        inconsistent++;
        if (inconsistent <= 20) {
            LOG.warning(() -> "Import of " + FILE + ": skipped " + what + ", as the previous version did");
        }
    }

    /** Names never served (hidden, empty, undecodable, with a slash or NUL) were refused by the old catalogue. */
    static boolean isServable(String name) {
        if (name == null || name.isEmpty() || name.charAt(0) == '.') {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '/' || c == 0 || c == '\uFFFD') {
                return false;
            }
        }
        return true;
    }
}
