package org.docbridge.store.filesystem;

import java.io.Closeable;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.logging.Logger;
import org.docbridge.store.NoSuchItemException;

/**
 * The persistent map between ids and places in the tree.
 *
 * <p>An id is 16 URL-safe characters drawn from 96 random bits; it says nothing about the path. Each
 * entry remembers only its parent and its own name, so an id stays the same however deep the item
 * is, and (for the write path) renaming a folder touches one entry and keeps every id below it.
 * Entries are created when an item is first seen (listed, searched), kept in memory for lock-free
 * look-ups, and written to an append-only {@link CatalogueJournal} that is forced to disk before the
 * new ids leave the server.
 */
final class IdCatalogue implements Closeable {

    private static final Logger LOG = Logger.getLogger(IdCatalogue.class.getName());
    private static final int ID_BYTES = 12;
    static final int ID_LENGTH = 16;

    private final Entry root;
    private final Map<String, Entry> byId = new ConcurrentHashMap<>();
    private final CatalogueJournal journal;
    private final SecureRandom random = new SecureRandom();
    private final Object lock = new Object();
    /** Moves announced but not yet done, by target: a listing that sees the new name meanwhile gets the moving entry. */
    private final Map<String, Entry> movingTo = new ConcurrentHashMap<>();
    /** Moves a crash left announced but unsettled, by id, found by replay; for the store to settle. */
    private final Map<String, CatalogueJournal.Record> unsettled = new java.util.LinkedHashMap<>();

    private IdCatalogue(String rootId, CatalogueJournal journal) {
        this.root = new Entry(rootId, null, "");
        this.journal = journal;
        byId.put(rootId, root);
    }

    /** Opens (or creates) the catalogue kept in {@code journalFile}, replaying what it holds. */
    static IdCatalogue open(String rootId, java.nio.file.Path journalFile) throws IOException {
        CatalogueJournal journal = new CatalogueJournal(journalFile);
        IdCatalogue catalogue = new IdCatalogue(rootId, journal);
        CatalogueJournal.Replay replay = journal.replay(catalogue::apply);
        int live = catalogue.byId.size() - 1;
        // compaction writes entries only: never while a move still waits to be settled
        if (replay.records() > 2L * live + 1000 && catalogue.unsettled.isEmpty()) {
            journal.rewrite(catalogue.snapshot());
            LOG.info(() -> "Id catalogue compacted: " + replay.records() + " records down to " + live);
        }
        LOG.info(() -> "Id catalogue " + journalFile.getFileName() + ": " + live + " ids");
        return catalogue;
    }

    Entry root() {
        return root;
    }

    /** The entry with this id, or null. Never blocks. */
    Entry find(String id) {
        return id == null ? null : byId.get(id);
    }

    /** The child of {@code parent} called {@code name}, created with a fresh id if new (not yet durable). */
    Entry childOrCreate(Entry parent, String name) {
        Entry existing = parent.child(name);
        if (existing != null) {
            return existing;
        }
        synchronized (lock) {
            existing = parent.child(name);
            if (existing == null) {
                existing = movingTo.get(target(parent, name));
            }
            if (existing != null) {
                return existing;
            }
            if (!isLive(parent)) {
                throw new NoSuchItemException("the folder was removed while being read");
            }
            Entry created = new Entry(newId(), parent, name);
            link(created);
            journal.add(created.id, parent.id, name);
            return created;
        }
    }

    /**
     * Notes the children of {@code parent} that a listing did not see, and forgets those that have
     * been missing for at least {@code grace} and are not on disk now. A file that is briefly absent
     * (an editor saving by write-and-rename, a listing that raced the file's creation, a share that
     * hiccups) keeps its id; only an item that stays gone loses it.
     */
    void forgetMissing(Entry parent, Set<String> present, Predicate<String> onDisk, long now, long grace) {
        List<Entry> expired = new ArrayList<>();
        for (Entry child : parent.children()) {
            if (present.contains(child.name()) || movingTo.containsValue(child)) {
                continue; // seen, or on its way to a new name
            }
            long since = child.missingSince;
            if (since == 0) {
                child.missingSince = now;
            } else if (now - since >= grace && !onDisk.test(child.name())) {
                expired.add(child);
            }
        }
        if (expired.isEmpty()) {
            return;
        }
        synchronized (lock) {
            for (Entry child : expired) {
                if (child.parent() == parent && child.missingSince != 0 && isLive(child)
                        && !movingTo.containsValue(child)) {
                    unlink(child);
                    journal.forget(child.id);
                }
            }
        }
    }

    /**
     * Gives {@code entry} a new parent and name; the ids of the entry and of everything below it
     * stay. A stale entry already at the target (an item gone from disk) is forgotten.
     */
    void move(Entry entry, Entry newParent, String newName) {
        synchronized (lock) {
            if (!isLive(entry) || !isLive(newParent)) {
                throw new NoSuchItemException("the item was removed meanwhile");
            }
            Entry stale = newParent.child(newName);
            if (stale != null && stale != entry) {
                unlink(stale);
                journal.forget(stale.id);
            }
            relink(entry, newParent, newName);
            journal.move(entry.id, newParent.id, newName);
            movingTo.remove(target(newParent, newName), entry);
            unsettled.remove(entry.id);
        }
    }

    /**
     * Announces a move, durably, before the caller renames the item on disk: a crash between the two
     * leaves a record that {@link #unsettledMoves} hands to the next start. Until {@link #move} or
     * {@link #abortMove}, a listing that sees the new name gets this entry rather than a new id.
     */
    void beginMove(Entry entry, Entry newParent, String newName) throws IOException {
        synchronized (lock) {
            if (!isLive(entry) || !isLive(newParent)) {
                throw new NoSuchItemException("the item was removed meanwhile");
            }
            journal.pendingMove(entry.id, newParent.id, newName);
            journal.sync();
            entry.missingSince = 0;
            movingTo.put(target(newParent, newName), entry);
        }
    }

    /** Settles an announced move that did not happen: the entry stays where it is (newParent may be unknown: null). */
    void abortMove(Entry entry, Entry newParent, String newName) {
        synchronized (lock) {
            if (newParent != null) {
                movingTo.remove(target(newParent, newName), entry);
            }
            unsettled.remove(entry.id);
            if (isLive(entry) && entry != root) {
                journal.move(entry.id, entry.parent().id, entry.name());
            }
        }
    }

    /** Moves that a crash left announced and unsettled, found at start: (id, new parent id, new name). */
    List<CatalogueJournal.Record> unsettledMoves() {
        synchronized (lock) {
            return List.copyOf(unsettled.values());
        }
    }

    /** Settles an unsettled move of an id that no longer exists. */
    void settleGone(String id) {
        synchronized (lock) {
            if (unsettled.remove(id) != null) {
                journal.forget(id);
            }
        }
    }

    private static String target(Entry parent, String name) {
        return parent.id + '/' + name;
    }

    /** Forgets an entry and everything below it. */
    void forget(Entry entry) {
        synchronized (lock) {
            if (isLive(entry) && entry != root) {
                unlink(entry);
                journal.forget(entry.id);
            }
        }
    }

    /**
     * A new entry for an item just created under {@code name}: creating it proved the name was free,
     * so any entry still there belongs to an item that vanished, and its id must not pass on.
     */
    Entry createdChild(Entry parent, String name) {
        synchronized (lock) {
            if (!isLive(parent)) {
                throw new NoSuchItemException("the folder was removed meanwhile");
            }
            Entry stale = parent.child(name);
            if (stale != null) {
                unlink(stale);
                journal.forget(stale.id);
            }
            Entry created = new Entry(newId(), parent, name);
            link(created);
            journal.add(created.id, parent.id, name);
            return created;
        }
    }

    /** Makes every change since the last call durable. */
    void sync() throws IOException {
        synchronized (lock) {
            journal.sync();
        }
    }

    /** The names from the root down to {@code entry} (empty for the root). */
    static List<String> names(Entry entry) {
        List<String> names = new ArrayList<>();
        for (Entry.Place p = entry.place; p.parent() != null; p = p.parent().place) {
            names.add(p.name());
        }
        java.util.Collections.reverse(names);
        return names;
    }

    /** Whether {@code entry} is still reachable from the root (not forgotten). */
    boolean isLive(Entry entry) {
        return byId.get(entry.id) == entry;
    }

    int size() {
        return byId.size() - 1;
    }

    @Override
    public void close() throws IOException {
        synchronized (lock) {
            journal.close();
        }
    }

    // --- replay and snapshot -------------------------------------------------------------------

    private void apply(CatalogueJournal.Record record) {
        if (record.op() == CatalogueJournal.Op.PENDING_MOVE) {
            unsettled.put(record.id(), record);
            return;
        }
        unsettled.remove(record.id());
        switch (record.op()) {
            case ADD -> {
                Entry parent = byId.get(record.parentId());
                if (parent == null || byId.containsKey(record.id()) || parent.child(record.name()) != null
                        || !Names.isServable(record.name()) || !isWellFormed(record.id())) {
                    LOG.warning(() -> "Id catalogue: skipped an inconsistent record for id " + record.id());
                    return;
                }
                link(new Entry(record.id(), parent, record.name()));
            }
            case MOVE -> {
                Entry entry = byId.get(record.id());
                Entry parent = byId.get(record.parentId());
                if (entry == null || entry == root || parent == null || !Names.isServable(record.name())
                        || isBelow(parent, entry)) {
                    LOG.warning(() -> "Id catalogue: skipped an inconsistent move of id " + record.id());
                    return;
                }
                Entry stale = parent.child(record.name());
                if (stale != null && stale != entry) {
                    unlink(stale);
                }
                relink(entry, parent, record.name());
            }
            case FORGET -> {
                Entry entry = byId.get(record.id());
                if (entry != null && entry != root) {
                    unlink(entry);
                }
            }
            default -> throw new IllegalStateException("unexpected " + record.op());
        }
    }

    private List<CatalogueJournal.Record> snapshot() {
        List<CatalogueJournal.Record> records = new ArrayList<>(byId.size());
        List<Entry> level = List.of(root);
        while (!level.isEmpty()) {
            List<Entry> next = new ArrayList<>();
            for (Entry parent : level) {
                for (Entry child : parent.children()) {
                    records.add(CatalogueJournal.Record.add(child.id, parent.id, child.name()));
                    next.add(child);
                }
            }
            level = next;
        }
        return records;
    }

    // --- structure -----------------------------------------------------------------------------

    private void link(Entry entry) {
        entry.parent().childMap().put(entry.name(), entry);
        byId.put(entry.id, entry);
    }

    private void relink(Entry entry, Entry newParent, String newName) {
        entry.parent().childMap().remove(entry.name(), entry);
        entry.place = new Entry.Place(newParent, newName);
        entry.missingSince = 0;
        newParent.childMap().put(newName, entry);
    }

    /** Whether {@code entry} is {@code ancestor} or lies below it. */
    static boolean isBelow(Entry entry, Entry ancestor) {
        for (Entry e = entry; e != null; e = e.parent()) {
            if (e == ancestor) {
                return true;
            }
        }
        return false;
    }

    private void unlink(Entry entry) {
        entry.parent().childMap().remove(entry.name(), entry);
        List<Entry> stack = new ArrayList<>(List.of(entry));
        while (!stack.isEmpty()) {
            Entry e = stack.remove(stack.size() - 1);
            byId.remove(e.id, e);
            stack.addAll(e.children());
        }
    }

    private static final SecureRandom TOKENS = new SecureRandom();

    /** 96 random bits, URL-safe: for names of temporary files. */
    static String randomToken() {
        byte[] bytes = new byte[ID_BYTES];
        TOKENS.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private String newId() {
        byte[] bytes = new byte[ID_BYTES];
        String id;
        do {
            random.nextBytes(bytes);
            id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        } while (byId.containsKey(id));
        return id;
    }

    /** Cheap shape check, so that look-ups of invented ids never touch anything but a hash map. */
    static boolean isWellFormed(String id) {
        if (id == null || id.length() != ID_LENGTH) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_';
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
