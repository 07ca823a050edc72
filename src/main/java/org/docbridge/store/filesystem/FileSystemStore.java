package org.docbridge.store.filesystem;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Supplier;
import java.util.logging.Logger;
import org.docbridge.state.ChangeFeed;
import org.docbridge.state.Database;
import org.docbridge.store.DocumentStore;
import org.docbridge.store.Item;
import org.docbridge.store.StoreException;
import org.docbridge.store.WrongKindException;

/**
 * Serves a folder tree on the server's file system.
 *
 * <p>Ids come from the {@link IdCatalogue}; a client can only name items the catalogue issued, and
 * every path built from an entry is checked again on use ({@link ServedTree}). Symlinks are followed
 * only while they stay inside the root; anything that is neither a regular file nor a directory
 * (devices, pipes, sockets) is ignored. The work is shared by responsibility: {@link Listings}
 * reads folders, {@link ContentWrites} writes content, {@link TreeWrites} changes the tree, and
 * {@link Leftovers} names and sweeps the hidden files they make.
 */
public final class FileSystemStore implements DocumentStore, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(FileSystemStore.class.getName());

    private final ServedTree tree;
    private final Listings listings;
    private final ContentWrites content;
    private final TreeWrites changes;
    private final Leftovers leftovers;
    private final Database state;
    private volatile SearchIndex index;
    /** Every write that changes what a name holds takes this lock. */
    private final Object writes = new Object();
    private volatile boolean closed;
    private Thread sweeper;

    /**
     * @param root        the folder to serve; must exist
     * @param state       the state database, where the id catalogue is kept, and its change feed
     * @param nodeFile    where this server's node id is kept (made on first start)
     * @param excluded    a folder never served even if it lies inside the root (docbridge's state)
     * @param forgetAfter how long an item must stay missing from its folder's listings before its id
     *                    is forgotten; null never to forget on listing
     */
    public FileSystemStore(Path root, Database state, ChangeFeed feed, Path nodeFile, Path excluded,
            Duration forgetAfter) throws IOException {
        Path realRoot = root.toRealPath();
        Path realExcluded = excluded == null ? null
                : Files.exists(excluded) ? excluded.toRealPath() : excluded.toAbsolutePath().normalize();
        this.leftovers = Leftovers.forNode(nodeFile);
        this.state = state;
        this.tree = new ServedTree(realRoot, realExcluded, new IdCatalogue(state, feed, leftovers.node()));
        this.listings = new Listings(tree, forgetAfter);
        this.content = new ContentWrites(tree, writes, leftovers);
        this.changes = new TreeWrites(tree, writes, leftovers);
        changes.settleInterruptedMoves();
    }

    public Path root() {
        return tree.root;
    }

    @Override
    public void probe() throws IOException {
        try (java.nio.file.DirectoryStream<Path> entries = Files.newDirectoryStream(tree.root)) {
            entries.iterator().hasNext();
        }
        // named as an upload's temporary file: hidden from listings, and swept if a crash leaves it
        Path probe = tree.root.resolve(leftovers.tempName());
        try (java.nio.channels.FileChannel file = java.nio.channels.FileChannel.open(probe,
                java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE)) {
            file.write(java.nio.ByteBuffer.wrap(new byte[] {'o', 'k'}));
            file.force(true);
        } finally {
            Files.deleteIfExists(probe);
        }
    }

    @Override
    public long usableBytes() throws IOException {
        return Files.getFileStore(tree.root).getUsableSpace();
    }

    /** How many ids the catalogue holds. */
    public long knownIds() {
        return tree.catalogue.size();
    }

    /**
     * Starts removing, in the background, the hidden files that interrupted uploads, copies and
     * deletes of earlier runs left anywhere in the store; progress goes to the log.
     */
    public synchronized void sweepLeftoversInBackground() {
        if (sweeper == null && !closed) {
            sweeper = new Thread(() -> leftovers.sweep(tree, () -> closed), "docbridge-store-sweep");
            sweeper.setDaemon(true);
            sweeper.setPriority(Thread.MIN_PRIORITY);
            sweeper.start();
        }
    }

    /** The same, in the calling thread. */
    public void sweepLeftovers() {
        leftovers.sweep(tree, () -> closed);
    }

    /**
     * Starts keeping the search index in the background: a walk of the share now, then as the
     * settings say; until the first walk ends, search walks the folders itself.
     *
     * @param watch          whether to follow the file system's events (local disks)
     * @param rescanInterval the pause between walks of the share; null for none after the first
     * @param share          the share of the time a walk after the first may work, in (0, 1]
     */
    public synchronized void startSearchIndex(boolean watch, Duration rescanInterval, double share) {
        if (index == null && !closed) {
            SearchIndex started = new SearchIndex(tree, listings, state, leftovers.node(),
                    new SearchIndex.Settings(watch, rescanInterval, share));
            started.start();
            index = started;
        }
    }

    /** Whether search answers from the index now (rather than walking the folders). */
    public boolean searchIndexReady() {
        SearchIndex current = index;
        return current != null && current.ready();
    }

    Leftovers leftovers() {
        return leftovers;
    }

    /** Lets a test act between a path's check and its use, as someone with access to the share could. */
    void afterCheck(Runnable hook) {
        tree.afterCheck = hook;
    }

    @Override
    public Item get(String id) {
        Entry entry = tree.entry(id);
        return ServedTree.item(entry, ServedTree.attributes(tree.realPath(entry)));
    }

    @Override
    public List<String> idsAlong(List<String> trail) {
        List<String> ids = new ArrayList<>(trail.size() + 1);
        Entry entry = tree.catalogue.root();
        ids.add(entry.id);
        for (String name : trail) {
            entry = tree.catalogue.child(entry, name);
            if (entry == null) {
                break;
            }
            ids.add(entry.id);
        }
        return ids;
    }

    @Override
    public String idAt(List<String> trail) {
        Path path = tree.root;
        for (String name : trail) {
            path = ServedTree.inFolder(path, name);
        }
        Path real;
        try {
            real = path.toRealPath();
        } catch (IOException e) {
            throw ServedTree.gone();
        }
        if (!real.equals(path) || !tree.isServed(real)) {
            throw ServedTree.gone(); // only real paths name items here
        }
        return tree.materialise(tree.catalogue.root(), trail).id;
    }

    @Override
    public String parentId(String id) {
        Entry parent = tree.entry(id).parent();
        return parent == null ? null : parent.id;
    }

    @Override
    public List<String> trail(String id) {
        return IdCatalogue.names(tree.entry(id));
    }

    @Override
    public List<String> targetTrail(String id) {
        Path real = tree.realPath(tree.entry(id));
        List<String> names = new ArrayList<>();
        for (Path part : tree.root.relativize(real)) {
            if (!part.toString().isEmpty()) {
                names.add(part.toString());
            }
        }
        return names;
    }

    @Override
    public List<Item> children(String folderId) {
        return listings.children(folderId);
    }

    @Override
    public List<Item> search(String folderId, String text, int limit) {
        SearchIndex current = index;
        Entry scope = tree.entry(folderId);
        // a folder reached through a link is searched by the walk: the index knows names by their real place
        if (current != null && current.ready()
                && (scope.isRoot() || tree.realPath(scope).equals(tree.namedPath(scope)))) {
            return current.search(scope, text, limit);
        }
        return listings.search(folderId, text, limit);
    }

    /** Opens the file through its folder held open: a link or a pipe put there after the check is refused. */
    @Override
    public Content open(String id) throws IOException {
        Entry entry = tree.entry(id);
        Path real = tree.realPath(entry);
        if (real.equals(tree.root)) {
            throw new WrongKindException("the item is a folder, not a file", false);
        }
        tree.afterCheck.run();
        String name = real.getFileName().toString();
        try (Dir dir = Dir.open(tree.root, real.getParent())) {
            BasicFileAttributes attrs = ServedTree.attributes(dir, name);
            if (attrs.isDirectory()) {
                throw new WrongKindException("the item is a folder, not a file", false);
            }
            SeekableByteChannel channel = dir.read(name);
            return new Content(ServedTree.item(entry, attrs), channel);
        } catch (Dir.IsFolderException e) {
            throw new WrongKindException("the item is a folder, not a file", false);
        } catch (NoSuchFileException e) {
            throw ServedTree.gone();
        }
    }

    // --- writing ------------------------------------------------------------------------------

    @Override
    public Item createFolder(String parentId, String name, Runnable check) {
        return changes.create(parentId, name, true, check);
    }

    @Override
    public Item createFile(String parentId, String name, Runnable check) {
        return changes.create(parentId, name, false, check);
    }

    @Override
    public Item createFile(String parentId, Iterator<String> names, InputStream data, long maxBytes, Runnable check)
            throws IOException {
        return content.createFile(parentId, names, data, maxBytes, check);
    }

    @Override
    public Item replaceContent(String fileId, InputStream data, long maxBytes, Runnable check) throws IOException {
        return content.replaceContent(fileId, data, maxBytes, check);
    }

    @Override
    public Item move(String id, String folderId, String name, Runnable check) {
        return changes.move(id, folderId, name, check);
    }

    @Override
    public void delete(String id, Runnable check) {
        changes.delete(id, check);
    }

    @Override
    public <T> T exclusively(Supplier<T> action) {
        synchronized (writes) {
            return action.get();
        }
    }

    /** Removes what uploads of earlier runs left beside the file, sparing other servers' running uploads. */
    @Override
    public void discardInterruptedUploads(String fileId) {
        Entry entry = tree.catalogue.find(fileId);
        if (entry == null || entry.parent() == null) {
            return;
        }
        try (Dir dir = tree.folder(entry.parent())) {
            long now = System.currentTimeMillis();
            for (String name : dir.names()) {
                BasicFileAttributes attrs = dir.attributesIfExists(name);
                if (name.startsWith(Leftovers.TEMP_PREFIX) && attrs != null && leftovers.isLeftOver(name, attrs, now)) {
                    dir.delete(name);
                    LOG.info(() -> "Removed the temporary file of an upload interrupted by a stop, in the folder of '"
                            + entry.name() + "'");
                }
            }
        } catch (IOException | StoreException e) {
            LOG.fine(() -> "No interrupted uploads removed beside '" + entry.name() + "': " + e);
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        SearchIndex current = index;
        if (current != null) {
            current.close();
        }
        Thread running;
        synchronized (this) {
            running = sweeper;
        }
        if (running != null) {
            try {
                running.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
