package org.docbridge.store.filesystem;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.docbridge.state.Database;
import org.docbridge.state.StateException;
import org.docbridge.store.Item;
import org.docbridge.store.ItemNames;
import org.docbridge.store.StoreException;

/**
 * The search index: every item's name in the state database ({@code items.name_key}), kept fresh, and
 * this node's packed copy of it ({@link NameIndex}) that a search scans.
 *
 * <p>Names written through docbridge are indexed in the same transaction as the write. Names changed
 * behind docbridge's back reach the index through the {@link FolderWatch} (local disks, within
 * seconds) and through walks of the whole share ({@link IndexWalk}): one at start, then one each
 * {@code rescanInterval}. One node at a time walks and watches: it holds a lease in the
 * {@code search_index} row and renews it while it lives; another node takes over when it lapses.
 * Until a walk has gone to the end once, the index is incomplete and search walks the folders instead.
 */
final class SearchIndex implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(SearchIndex.class.getName());
    /** How long a walker's lease lasts without renewal. */
    static final long LEASE_MILLIS = TimeUnit.MINUTES.toMillis(2);
    /** How often the worker looks for new names, asks whether a walk is due, and for the lease if it lacks it. */
    static final long TICK_MILLIS = 2_000;
    /** Every this many ticks (10 minutes), the packed copy is compared with the rows it stands for. */
    static final int COMPACT_TICKS = 300;

    /**
     * How the index keeps fresh.
     *
     * @param watch          whether to follow file-system events (local disks)
     * @param rescanInterval the pause between two walks of the share; null: only the walk at start
     * @param share          the share of the time a walk after the first may work, in (0, 1]
     */
    record Settings(boolean watch, Duration rescanInterval, double share) {
    }

    private final ServedTree tree;
    private final Listings listings;
    private final Database db;
    private final String node;
    private final Settings settings;
    private final NameIndex names;
    private final IndexedSearch searching;
    private volatile boolean built;
    private volatile boolean closed;
    private final Object wake = new Object();
    private volatile FolderWatch watch;
    private Thread worker;

    SearchIndex(ServedTree tree, Listings listings, Database db, String node, Settings settings) {
        this.tree = tree;
        this.listings = listings;
        this.db = db;
        this.node = node;
        this.settings = settings;
        this.names = new NameIndex(db);
        this.searching = new IndexedSearch(tree, db, names);
    }

    synchronized void start() {
        if (worker == null && !closed) {
            worker = new Thread(this::work, "docbridge-search-index");
            worker.setDaemon(true);
            worker.setPriority(Thread.MIN_PRIORITY);
            worker.start();
        }
    }

    /** Whether search may answer from the index: complete once, and this node's copy read. */
    boolean ready() {
        return built && names.loaded();
    }

    /** Items below {@code scope} whose names hold {@code text}, at most {@code limit}, each checked on disk. */
    List<Item> search(Entry scope, String text, int limit) {
        FolderWatch current = watch;
        if (current != null) {
            current.settle(); // what the disk said a moment ago counts
        }
        names.refresh(); // one look at an index of the database: what any node named since is read
        return searching.search(scope, ItemNames.searchKey(text), limit);
    }

    private void work() {
        long ticks = 0;
        long nextWalk = 0;
        long renewed = 0;
        boolean holding = false;
        while (!closed) {
            try {
                if (!names.loaded()) {
                    long t0 = System.nanoTime();
                    names.load();
                    LOG.info(() -> "Search index: " + names.size() + " names read from the state database in "
                            + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0) + " ms");
                }
                built = built || db.read(SearchIndex::isBuilt);
                long now = System.currentTimeMillis();
                // the holder renews a quarter of the way through its lease: a write every 30 s, not every tick
                boolean mine = holding && now - renewed < LEASE_MILLIS / 4 || db.read(c -> lease(c, node, now));
                if (mine && now - renewed >= LEASE_MILLIS / 4) {
                    renewed = now;
                }
                if (mine && (!holding || System.currentTimeMillis() >= nextWalk)) {
                    holding = true;
                    walk();
                    nextWalk = settings.rescanInterval() == null ? Long.MAX_VALUE
                            : System.currentTimeMillis() + settings.rescanInterval().toMillis();
                } else if (!mine && holding) {
                    holding = false;
                    stopWatching();
                    LOG.info("Search index: another node walks and watches the share now");
                }
                names.refresh();
                if (++ticks % COMPACT_TICKS == 0) {
                    names.compactIfWasteful(db.read(CatalogueRows::count));
                }
                if (!pause(TICK_MILLIS)) {
                    return;
                }
            } catch (InterruptedException e) {
                return;
            } catch (StateException e) {
                if (closed) {
                    return; // the store closes: the database may be closing too
                }
                LOG.warning(() -> "Search index: the state database is unavailable (" + e.getMessage()
                        + "); trying again in a minute");
                holding = false;
                stopWatching();
                if (!pause(60_000)) {
                    return;
                }
            } catch (RuntimeException e) {
                if (closed) {
                    return;
                }
                LOG.log(Level.WARNING, "Search index: a walk failed; trying again in a minute", e);
                if (!pause(60_000)) {
                    return;
                }
            }
        }
    }

    private void walk() throws InterruptedException {
        boolean first = !built;
        if (settings.watch() && watch == null) {
            try {
                watch = new FolderWatch(this::changedOnDisk, () -> LOG.warning("Search index: the system dropped"
                        + " file-system events; the next walk finds what they said"));
            } catch (IOException | UnsupportedOperationException e) {
                LOG.warning(() -> "Search index: file-system events are not available (" + e
                        + "); changes made outside docbridge are found by the walks only");
            }
        }
        long expected = db.read(c -> walkedLastTime(c));
        long started = System.nanoTime();
        String what = first ? "first walk" : "walk";
        LOG.info(() -> "Search index: " + what + " of the share starts" + (first
                ? "; until it ends, search walks the folders itself" : ""));
        long[] renewed = {System.currentTimeMillis()};
        // the first walk runs at full speed: until it ends, every search walks the share itself
        IndexWalk walk = new IndexWalk(tree, listings, watch, first ? 1 : settings.share(), () -> {
            if (closed) {
                return false;
            }
            long now = System.currentTimeMillis();
            if (now - renewed[0] > LEASE_MILLIS / 4) {
                renewed[0] = now;
                return db.read(c -> lease(c, node, now));
            }
            return true;
        });
        if (!walk.run(tree.catalogue.root(), what, expected)) {
            return;
        }
        long ended = System.currentTimeMillis();
        db.inTransaction(c -> walked(c, ended, walk.items()));
        names.refresh();
        built = true;
        double seconds = (System.nanoTime() - started) / 1e9;
        LOG.info(String.format("Search index: %s done, %,d items in %,d folders in %.1f s (%,d items/s)%s", what,
                walk.items(), walk.folders(), seconds, Math.round(walk.items() / Math.max(seconds, 1e-3)),
                watch == null ? "" : "; " + watch.size() + " folders watched for changes"));
    }

    /** Reads again the folders the file system said changed, and walks the new folders among their children. */
    private void changedOnDisk(Collection<Entry> folders) {
        FolderWatch current = watch;
        for (Entry folder : folders) {
            try {
                for (Item child : listings.children(folder)) {
                    if (child.folder() && !child.alias() && current != null && !current.watches(child.id())) {
                        new IndexWalk(tree, listings, current, 1, () -> !closed)
                                .run(new Entry(child.id(), folder, child.name()), "new folder", 0);
                    }
                }
            } catch (StoreException e) {
                // the folder itself went: its parent's event says so
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        names.refresh();
    }

    /** Waits, or less if the index is closed meanwhile; false once closed. */
    private boolean pause(long millis) {
        synchronized (wake) {
            try {
                if (!closed) {
                    wake.wait(millis);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            return !closed;
        }
    }

    private synchronized void stopWatching() {
        if (watch != null) {
            watch.close();
            watch = null;
        }
    }

    // --- the search_index row -----------------------------------------------------------------

    /** Takes or renews the walker's lease; true if this node holds it now. */
    static boolean lease(Connection c, String node, long now) throws SQLException {
        try (PreparedStatement u = c.prepareStatement("UPDATE search_index SET walker = ?, lease_until = ?"
                + " WHERE k = 1 AND (walker IS NULL OR walker = ? OR lease_until < ?)")) {
            u.setString(1, node);
            u.setLong(2, now + LEASE_MILLIS);
            u.setString(3, node);
            u.setLong(4, now);
            return u.executeUpdate() == 1;
        }
    }

    private static boolean isBuilt(Connection c) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT built_at FROM search_index WHERE k = 1");
                ResultSet r = q.executeQuery()) {
            return r.next() && r.getObject(1) != null;
        }
    }

    private static long walkedLastTime(Connection c) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT walked FROM search_index WHERE k = 1");
                ResultSet r = q.executeQuery()) {
            return r.next() ? r.getLong(1) : 0;
        }
    }

    private static Void walked(Connection c, long at, long items) throws SQLException {
        try (PreparedStatement u = c.prepareStatement("UPDATE search_index SET built_at = COALESCE(built_at, ?),"
                + " walked_at = ?, walked = ? WHERE k = 1")) {
            u.setLong(1, at);
            u.setLong(2, at);
            u.setLong(3, items);
            u.executeUpdate();
        }
        return null;
    }

    @Override
    public void close() {
        closed = true;
        synchronized (wake) {
            wake.notifyAll();
        }
        Thread running;
        synchronized (this) {
            running = worker;
        }
        if (running != null) {
            // no interrupt: the worker may be reading the embedded database, whose files an interrupt closes
            try {
                running.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        stopWatching();
    }
}
