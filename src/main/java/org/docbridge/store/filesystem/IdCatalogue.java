package org.docbridge.store.filesystem;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.docbridge.state.ChangeFeed;
import org.docbridge.state.Database;
import org.docbridge.store.DocumentStore;
import org.docbridge.store.NoSuchItemException;
import org.docbridge.store.filesystem.CatalogueRows.PendingMove;
import org.docbridge.store.filesystem.CatalogueRows.Row;

/**
 * The map between ids and places in the tree, kept in the state database's {@code items} table and
 * shared by every node.
 *
 * <p>An id is 16 URL-safe characters drawn from 96 random bits; it says nothing about the path. Each
 * row holds only its parent's id and its own name, so an id stays the same however deep the item is,
 * and renaming a folder changes one row and keeps every id below it. Rows are made when an item is
 * first seen (listed, searched); when two nodes meet the same new item at once, the database's unique
 * place (parent, name) decides whose id it gets. A bounded cache of rows serves look-ups; the
 * {@link ChangeFeed} (kind {@code I}) tells it which rows another node moved or forgot, so that a
 * cached row is checked before each request rather than trusted. The ids of a folder listing's names
 * are {@link CatalogueListing}'s; moves, creations and look-ups are here.
 */
final class IdCatalogue {

    /** The change feed's kind for "rows got names in this folder" (the key is the folder's id). */
    static final char NAMED = 'N';

    /** Rows kept in memory: enough for the folders in use, bounded however large the store. */
    static final int CACHED_ROWS = 100_000;
    /** A node's announced move older than this is settled by any node: its own node is gone. */
    static final long ORPHANED_MOVE_MILLIS = 60L * 60 * 1000;

    private final Database db;
    private final String node;
    private final Entry root = new Entry(DocumentStore.ROOT_ID, null, "");
    private final RowCache rows = new RowCache(CACHED_ROWS);
    private final CatalogueListing listing;

    IdCatalogue(Database db, ChangeFeed feed, String node) {
        this.db = db;
        this.node = node;
        this.listing = new CatalogueListing(db, this::drop);
        feed.subscribe('I', new ChangeFeed.Listener() {
            @Override
            public void changed(String id) {
                drop(List.of(id));
            }

            @Override
            public void reset() {
                rows.dropAll();
            }
        });
    }

    Entry root() {
        return root;
    }

    /** The entry with this id as the cache (checked against the change feed per request) knows it; null if unknown. */
    Entry find(String id) {
        if (DocumentStore.ROOT_ID.equals(id)) {
            return root;
        }
        List<Row> chain = new ArrayList<>();
        String at = id;
        while (!DocumentStore.ROOT_ID.equals(at)) {
            Row row = rows.get(at);
            if (row == null) {
                List<Row> loaded = load(at);
                if (loaded.isEmpty()) {
                    return null;
                }
                row = loaded.get(0);
            }
            if (row.parentId() == null || chain.size() > CatalogueRows.MAX_DEPTH) {
                return null; // a row without parent that is not the root, or a loop: not an item
            }
            chain.add(row);
            at = row.parentId();
        }
        return build(chain);
    }

    /** Where the item is now, read from the database itself (for the last check before a write); null if gone. */
    Entry current(String id) {
        if (DocumentStore.ROOT_ID.equals(id)) {
            return root;
        }
        List<Row> chain = load(id);
        if (chain.isEmpty() || !DocumentStore.ROOT_ID.equals(chain.get(chain.size() - 1).id())) {
            return null;
        }
        return build(chain.subList(0, chain.size() - 1));
    }

    /** The child of {@code parent} called {@code name}, if it has an id; never makes one. */
    Entry child(Entry parent, String name) {
        String id = db.read(c -> CatalogueRows.childId(c, parent.id, name));
        return id == null ? null : new Entry(id, parent, name);
    }

    /** The child of {@code parent} called {@code name}, given an id if new. */
    Entry childOrCreate(Entry parent, String name) {
        String id = db.read(c -> CatalogueRows.childId(c, parent.id, name));
        if (id == null) {
            // one row, not the whole folder's: a search gives ids deep in folders of any size
            Map<String, String> found = new HashMap<>();
            CatalogueRows.retrying(() -> db.inTransaction(c -> {
                found.clear();
                listing.addIds(c, parent, new TreeSet<>(List.of(name)), null, found);
                return null;
            }));
            id = found.get(name);
        }
        return new Entry(id, parent, name);
    }

    /**
     * The ids of {@code names}, the items a listing of {@code parent} saw, made for those that have
     * none ({@link CatalogueListing#list}).
     */
    Map<String, String> list(Entry parent, Collection<String> names, Set<String> folders, Predicate<String> onDisk,
            long now, long grace) {
        return listing.list(parent, names, folders, onDisk, now, grace);
    }

    /**
     * Gives {@code entry} a new parent and name; the ids of the entry and of everything below it stay.
     * A row still at the target (an item gone from disk) is forgotten.
     */
    void move(Entry entry, Entry newParent, String newName) {
        List<String> changed = new ArrayList<>(List.of(entry.id));
        CatalogueRows.retrying(() -> db.inTransaction(c -> {
            changed.retainAll(List.of(entry.id));
            String stale = CatalogueRows.childId(c, newParent.id, newName);
            if (stale != null && !stale.equals(entry.id)) {
                CatalogueRows.delete(c, stale);
                changed.add(stale);
            }
            long version = ChangeFeed.publish(c, NAMED, newParent.id);
            if (CatalogueRows.place(c, entry.id, newParent.id, newName, version) == 0) {
                throw new NoSuchItemException("the item was removed meanwhile");
            }
            CatalogueRows.endMove(c, entry.id);
            ChangeFeed.publish(c, 'I', changed);
            return null;
        }));
        drop(changed);
    }

    /**
     * Announces a move, durably, before the caller renames the item on disk: a stop between the two
     * leaves a row that {@link #unsettledMoves} hands to the next start. Until {@link #move} or
     * {@link #abortMove}, a listing that sees the new name gives it this entry's id.
     */
    void beginMove(Entry entry, Entry newParent, String newName) {
        CatalogueRows.retrying(() -> db.inTransaction(c -> {
            if (CatalogueRows.chain(c, entry.id).isEmpty()) {
                throw new NoSuchItemException("the item was removed meanwhile");
            }
            CatalogueRows.announce(c, new PendingMove(entry.id, newParent.id, newName), node,
                    System.currentTimeMillis());
            return null;
        }));
    }

    /** Settles an announced move that did not happen: the item stays where it is. */
    void abortMove(Entry entry) {
        db.read(c -> {
            CatalogueRows.endMove(c, entry.id);
            return null;
        });
    }

    /** Moves a stop left announced: this node's, and any orphaned one. */
    List<PendingMove> unsettledMoves() {
        long before = System.currentTimeMillis() - ORPHANED_MOVE_MILLIS;
        return db.read(c -> CatalogueRows.unsettled(c, node, before));
    }

    /** Forgets an entry and everything below it. */
    void forget(Entry entry) {
        if (entry.isRoot()) {
            return;
        }
        CatalogueRows.retrying(() -> db.inTransaction(c -> {
            if (CatalogueRows.delete(c, entry.id) > 0) {
                ChangeFeed.publish(c, 'I', entry.id);
            }
            return null;
        }));
        drop(List.of(entry.id));
    }

    /**
     * A new entry for an item just created under {@code name}: creating it proved the name was free,
     * so a row still there belongs to an item that vanished, and its id must not pass on.
     */
    Entry createdChild(Entry parent, String name, boolean folder) {
        return createdChild(parent, name, folder, Long.MAX_VALUE);
    }

    /**
     * The same, for an item made on disk after the change feed stood at {@code madeAfter}
     * ({@link #version()}): a row of its name that a listing added since then was made for this very
     * item (the listing saw it between its creation and this call, and may have handed its id out
     * already), so the item keeps that id. An older row of the name is another item's, now gone.
     */
    Entry createdChild(Entry parent, String name, boolean folder, long madeAfter) {
        String[] id = {Ids.newId()};
        List<String> stale = new ArrayList<>();
        CatalogueRows.retrying(() -> db.inTransaction(c -> {
            id[0] = Ids.newId(); // a new one on a retry: a conflict may have been the id's
            stale.clear();
            CatalogueRows.Named seen = CatalogueRows.childNamed(c, parent.id, name);
            if (seen != null && seen.namedAt() > madeAfter) {
                id[0] = seen.id();
                return null;
            }
            String old = seen == null ? null : seen.id();
            if (old != null) {
                CatalogueRows.delete(c, old);
                stale.add(old);
                ChangeFeed.publish(c, 'I', old);
            }
            try {
                // a plain insert: it either adds the row or fails, never quietly does nothing
                CatalogueRows.insertOne(c, new Row(id[0], parent.id, name, 0), folder,
                        ChangeFeed.publish(c, NAMED, parent.id));
            } catch (SQLException e) {
                if (CatalogueRows.parentMissing(e)) {
                    throw new NoSuchItemException("the folder was removed meanwhile");
                }
                throw e;
            }
            return null;
        }));
        drop(stale);
        return new Entry(id[0], parent, name);
    }

    /** The names from the root down to {@code entry} (empty for the root). */
    static List<String> names(Entry entry) {
        List<String> names = new ArrayList<>();
        for (Entry e = entry; !e.isRoot(); e = e.parent()) {
            names.add(e.name());
        }
        Collections.reverse(names);
        return names;
    }

    long size() {
        return db.read(CatalogueRows::count);
    }

    // --- cache ---------------------------------------------------------------------------------

    /** Reads the chain of {@code id} from the database and caches it, unless something changed meanwhile. */
    private List<Row> load(String id) {
        long before = rows.epoch();
        List<Row> chain = db.read(c -> CatalogueRows.chain(c, id));
        rows.fill(chain, before);
        return chain;
    }

    /** Caches the ids a listing just gave, unless something changed since {@code before} ({@link #epoch}). */
    void remember(Entry parent, Map<String, String> ids, long before) {
        rows.fill(parent.id, ids, before);
    }

    /** The change feed's version now: what {@link #createdChild(Entry, String, boolean, long)} compares to. */
    long version() {
        return db.read(ChangeFeed::version);
    }

    long epoch() {
        return rows.epoch();
    }

    private void drop(Collection<String> ids) {
        rows.drop(ids);
    }

    private Entry build(List<Row> chainUp) {
        Entry entry = root;
        for (int i = chainUp.size() - 1; i >= 0; i--) {
            Row row = chainUp.get(i);
            entry = new Entry(row.id(), entry, row.name());
        }
        return entry;
    }

}
