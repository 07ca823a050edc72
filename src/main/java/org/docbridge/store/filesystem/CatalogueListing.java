package org.docbridge.store.filesystem;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.logging.Logger;
import org.docbridge.state.ChangeFeed;
import org.docbridge.state.Database;
import org.docbridge.state.StateException;
import org.docbridge.store.NoSuchItemException;
import org.docbridge.store.StoreFullException;
import org.docbridge.store.filesystem.CatalogueRows.Row;

/**
 * The catalogue's side of a folder listing: the names a listing saw get their ids, new rows are
 * made for names seen for the first time (the database's unique place decides between nodes that
 * meet one at once), and rows whose item the listing no longer saw are noted as missing and forgotten
 * after a grace. {@link IdCatalogue} owns the look-ups, moves and the row cache.
 */
final class CatalogueListing {

    private static final Logger LOG = Logger.getLogger(CatalogueListing.class.getName());

    private final Database db;
    /** Drops forgotten rows from the catalogue's cache. */
    private final Consumer<Collection<String>> dropCached;
    private final ReentrantLock[] listingTurns = new ReentrantLock[64];

    CatalogueListing(Database db, Consumer<Collection<String>> dropCached) {
        this.db = db;
        this.dropCached = dropCached;
        for (int i = 0; i < listingTurns.length; i++) {
            listingTurns[i] = new ReentrantLock();
        }
    }

    /**
     * The ids of {@code names}, the items a listing of {@code parent} saw, made for those that have
     * none, in one transaction. A name that is the target of an announced move gets the moving item's
     * id. With {@code onDisk} given, children the listing did not see are noted as missing, and those
     * missing for at least {@code grace} and not on disk now are forgotten: a file briefly absent (an
     * editor saving by write-and-rename, a share that hiccups) keeps its id. New rows carry their
     * search keys and kinds ({@code folders}: the names that are folders).
     * <p>
     * When the disk under the state database is full, the listing cannot record anything, and it is
     * served from what the catalogue already holds ({@link #knownOnly}): a full disk refuses writes,
     * never reads.
     */
    Map<String, String> list(Entry parent, Collection<String> names, Set<String> folders, Predicate<String> onDisk,
            long now, long grace) {
        // listings of one folder on this node take turns: they would only abort each other's inserts
        ReentrantLock turn = listingTurns[Math.floorMod(parent.id.hashCode(), listingTurns.length)];
        turn.lock();
        try {
            return listLocked(parent, names, folders, onDisk, now, grace);
        } catch (StateException e) {
            if (!StoreFullException.causedBy(e)) {
                throw e;
            }
            return knownOnly(parent, names);
        } finally {
            turn.unlock();
        }
    }

    private Map<String, String> listLocked(Entry parent, Collection<String> names, Set<String> folders,
            Predicate<String> onDisk, long now, long grace) {
        List<String> forgotten = new ArrayList<>();
        Map<String, String> ids = CatalogueRows.retrying(() -> db.inTransaction(c -> {
            forgotten.clear();
            Map<String, Row> known = CatalogueRows.children(c, parent.id);
            Map<String, String> found = new HashMap<>(names.size() * 2);
            TreeSet<String> unknown = new TreeSet<>(); // sorted: two nodes insert in one order, never deadlock
            List<String> seenAgain = new ArrayList<>();
            for (String name : names) {
                Row row = known.get(name);
                if (row == null) {
                    unknown.add(name);
                } else {
                    found.put(name, row.id());
                    if (row.missingSince() != 0) {
                        seenAgain.add(row.id());
                    }
                }
            }
            Collections.sort(seenAgain);
            CatalogueRows.missingSince(c, seenAgain, 0);
            if (!unknown.isEmpty()) {
                addIds(c, parent, unknown, folders, found);
            }
            if (onDisk != null && known.size() > names.size() - unknown.size()) {
                noteMissing(c, known, found, onDisk, now, grace, forgotten);
            }
            return found;
        }));
        if (!forgotten.isEmpty()) {
            dropCached.accept(forgotten);
        }
        return ids;
    }

    /**
     * The ids the catalogue already holds for {@code names}, read without writing anything: a name
     * seen for the first time is left out (it has no id to serve yet, and one made up now would not be
     * the one recorded later), and notes about items no longer seen wait for a listing that can write
     * them. Nothing served is new or wrong; the names left out appear once the disk has room.
     */
    private Map<String, String> knownOnly(Entry parent, Collection<String> names) {
        Map<String, Row> known = db.read(c -> CatalogueRows.children(c, parent.id));
        Map<String, String> found = new HashMap<>(names.size() * 2);
        int unknown = 0;
        for (String name : names) {
            Row row = known.get(name);
            if (row == null) {
                unknown++;
            } else {
                found.put(name, row.id());
            }
        }
        int left = unknown;
        LOG.warning(() -> "The disk of the state database is full: a listing of folder id " + parent.id
                + " is served from the ids already recorded" + (left == 0 ? ""
                        : "; " + left + " item(s) new to docbridge are left out until the disk has room again"));
        return found;
    }

    /** Gives each of {@code unknown} (names in {@code parent} without a row) an id, into {@code found}. */
    void addIds(Connection c, Entry parent, TreeSet<String> unknown, Set<String> folders,
            Map<String, String> found) throws SQLException {
        Map<String, String> moving = CatalogueRows.pendingInto(c, parent.id);
        List<Row> fresh = new ArrayList<>(unknown.size());
        for (String name : unknown) {
            String id = moving.get(name);
            if (id != null) {
                found.put(name, id); // renamed on disk, its row not yet moved: it keeps its id
            } else {
                fresh.add(new Row(Ids.newId(), parent.id, name, 0));
            }
        }
        // the rows carry this transaction's version: each node's search index reads the rows named
        // after the last version it saw
        long version = fresh.isEmpty() ? 0 : ChangeFeed.publish(c, IdCatalogue.NAMED, parent.id);
        for (int attempt = 0; !fresh.isEmpty(); attempt++) {
            int[] added;
            try {
                added = CatalogueRows.insert(c, fresh, folders, version);
            } catch (SQLException e) {
                if (CatalogueRows.parentMissing(e)) {
                    // the folder's row went while its listing ran: createFolder replaced the row the
                    // folder watcher had added for it (its children are listed under the new id), or
                    // it was deleted; either way nothing of this listing belongs under it
                    throw new NoSuchItemException("the folder was removed or replaced meanwhile");
                }
                throw e;
            }
            List<Row> again = new ArrayList<>();
            for (int i = 0; i < fresh.size(); i++) {
                Row row = fresh.get(i);
                if (added[i] != 0) {
                    found.put(row.name(), row.id());
                    continue;
                }
                String winner = CatalogueRows.childId(c, parent.id, row.name()); // another node was first
                if (winner != null) {
                    found.put(row.name(), winner);
                } else if (attempt < CatalogueRows.ATTEMPTS) {
                    again.add(new Row(Ids.newId(), parent.id, row.name(), 0)); // the random id was taken
                } else {
                    throw new SQLException("no free id found for a new item", "23505");
                }
            }
            fresh = again;
        }
    }

    private static void noteMissing(Connection c, Map<String, Row> known, Map<String, String> found,
            Predicate<String> onDisk, long now, long grace, List<String> forgotten) throws SQLException {
        List<String> newlyMissing = new ArrayList<>();
        for (Row row : known.values()) {
            if (found.containsKey(row.name()) || CatalogueRows.isMoving(c, row.id())) {
                continue; // seen, or on its way to a new name
            }
            if (row.missingSince() == 0) {
                newlyMissing.add(row.id());
            } else if (now - row.missingSince() >= grace && !onDisk.test(row.name())) {
                CatalogueRows.delete(c, row.id());
                forgotten.add(row.id());
            }
        }
        Collections.sort(newlyMissing);
        CatalogueRows.missingSince(c, newlyMissing, now);
        ChangeFeed.publish(c, 'I', forgotten);
    }
}
