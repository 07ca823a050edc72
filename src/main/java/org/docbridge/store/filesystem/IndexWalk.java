package org.docbridge.store.filesystem;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.docbridge.store.Item;
import org.docbridge.store.StoreException;

/**
 * One walk of the share for the search index: each folder is listed as {@code /files} lists it, so
 * every item gets its id and its indexed name, and an item gone from disk is noted missing (and its id
 * forgotten after the usual grace). Folders met are handed to the {@link FolderWatch}, if any.
 *
 * <p>A walk may be held to a share of the time ({@code share} 0.25: it rests three times as long as it
 * works), so that it never crowds out the requests on a slow disk. It logs its progress every
 * {@link #progressNanos} and stops when told to (the server stops, another node took over).
 */
final class IndexWalk {

    private static final Logger LOG = Logger.getLogger(IndexWalk.class.getName());
    /** How often a walk logs its progress (tests shorten it). */
    static volatile long progressNanos = TimeUnit.SECONDS.toNanos(10);

    private final ServedTree tree;
    private final Listings listings;
    private final FolderWatch watch;
    private final double share;
    private final BooleanSupplier goOn;
    private long items;
    private long folders;

    /**
     * @param watch the watch to register each folder with; null for none
     * @param share the share of the time the walk may work, in (0, 1]
     * @param goOn  asked between folders; false stops the walk
     */
    IndexWalk(ServedTree tree, Listings listings, FolderWatch watch, double share, BooleanSupplier goOn) {
        this.tree = tree;
        this.listings = listings;
        this.watch = watch;
        this.share = share;
        this.goOn = goOn;
    }

    long items() {
        return items;
    }

    long folders() {
        return folders;
    }

    /**
     * Walks everything below {@code from}.
     *
     * @param what     what the log calls this walk
     * @param expected items the last complete walk met (0 if none): the estimate of time left
     * @return whether the walk went to the end
     */
    boolean run(Entry from, String what, long expected) throws InterruptedException {
        long started = System.nanoTime();
        long nextReport = started + progressNanos;
        Deque<Entry> todo = new ArrayDeque<>();
        todo.push(from);
        while (!todo.isEmpty()) {
            if (!goOn.getAsBoolean()) {
                return false;
            }
            Entry folder = todo.pop();
            long begun = System.nanoTime();
            read(folder, todo);
            long now = System.nanoTime();
            if (share < 1) {
                long rest = (long) ((now - begun) * (1 - share) / share);
                TimeUnit.NANOSECONDS.sleep(Math.min(rest, TimeUnit.SECONDS.toNanos(1)));
            }
            if (now >= nextReport) {
                nextReport = now + progressNanos;
                report(what, started, expected, todo.size());
            }
        }
        return true;
    }

    private void read(Entry folder, Deque<Entry> todo) {
        List<Item> children;
        try {
            if (watch != null) {
                // watched before it is read: what changes after the reading began sends an event
                watch.register(tree.realPath(folder), folder);
            }
            children = listings.children(folder);
        } catch (StoreException e) {
            // gone meanwhile, or unreadable: not indexed, as a walk of search would not read it either
            LOG.log(Level.FINE, e, () -> "Search index: a folder could not be read");
            return;
        }
        folders++;
        items += children.size();
        for (Item child : children) {
            // never through a link: it could lead in circles, and the walk of search does not follow it
            if (child.folder() && !child.alias()) {
                todo.push(new Entry(child.id(), folder, child.name()));
            }
        }
    }

    private void report(String what, long started, long expected, int queued) {
        double seconds = (System.nanoTime() - started) / 1e9;
        long rate = Math.round(items / Math.max(seconds, 1e-3));
        // folders still queued, at the items per folder seen so far; the last walk's size if larger
        long left = Math.max(expected - items, folders == 0 ? 0 : queued * items / folders);
        String eta = rate == 0 ? "unknown" : "about " + Math.max(1, left / rate) + " s";
        LOG.info(String.format("Search index, %s: %,d items in %,d folders read (%,d items/s); %s left, %,d folders"
                + " queued", what, items, folders, rate, eta, queued));
    }
}
