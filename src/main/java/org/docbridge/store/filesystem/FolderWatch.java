package org.docbridge.store.filesystem;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * The file system's own word that names appeared or went in a folder (the JDK's {@link WatchService}:
 * inotify on Linux). Local disks only: NFS and SMB shares tell nothing of what other machines change,
 * which is why the index also walks the share from time to time.
 *
 * <p>Events wait on their folder's key until it is taken, so a burst (an unpacked archive) re-reads
 * each folder once; what is taken is handed on as the folders it concerns.
 */
final class FolderWatch implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(FolderWatch.class.getName());

    private final WatchService service;
    private final Map<WatchKey, Entry> folders = new ConcurrentHashMap<>();
    private final Map<String, WatchKey> byId = new ConcurrentHashMap<>();
    private final Thread thread;
    private final Consumer<Collection<Entry>> changed;
    private final Runnable overflow;
    private final Object settling = new Object();
    private volatile boolean full;

    /**
     * @param changed  called (on the watch's own thread) with the folders whose names changed
     * @param overflow called when the system dropped events: only a walk can tell what changed
     */
    FolderWatch(Consumer<Collection<Entry>> changed, Runnable overflow) throws IOException {
        this.changed = changed;
        this.overflow = overflow;
        this.service = FileSystems.getDefault().newWatchService();
        this.thread = new Thread(this::run, "docbridge-search-watch");
        thread.setDaemon(true);
        thread.start();
    }

    /** Whether the folder with this id is watched (a folder deleted and made again under its name is not). */
    boolean watches(String folderId) {
        WatchKey key = byId.get(folderId);
        return key != null && key.isValid();
    }

    int size() {
        return folders.size();
    }

    /** Watches the folder at {@code real} (its real path) for names created and deleted. */
    void register(Path real, Entry folder) {
        if (full) {
            return;
        }
        try {
            WatchKey key = real.register(service, StandardWatchEventKinds.ENTRY_CREATE,
                    StandardWatchEventKinds.ENTRY_DELETE);
            Entry before = folders.put(key, folder);
            if (before != null && !before.id.equals(folder.id)) {
                byId.remove(before.id, key);
            }
            byId.put(folder.id, key);
        } catch (ClosedWatchServiceException e) {
            // closed meanwhile
        } catch (IOException e) {
            full = true; // on Linux: fs.inotify.max_user_watches reached
            LOG.warning(() -> "Search index: the system refuses to watch more folders (" + e.getMessage() + ") after "
                    + folders.size() + "; changes in the others are found by the index's walks. On Linux, raise"
                    + " fs.inotify.max_user_watches (sysctl) to watch every folder.");
        }
    }

    /**
     * Reads again, now, the folders whose events are waiting: a search calls it first, so that a file
     * saved on the share a moment before is found. Waits while the watch's thread does the same.
     */
    void settle() {
        synchronized (settling) {
            handle(null);
        }
    }

    private void run() {
        try {
            while (true) {
                WatchKey first = service.take();
                synchronized (settling) {
                    handle(first);
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closed
        }
    }

    /** Takes every key signalled (and {@code first}), then reads the folders they name once each. */
    private void handle(WatchKey first) {
        Map<String, Entry> touched = new LinkedHashMap<>();
        boolean lost = false;
        try {
            for (WatchKey key = first != null ? first : service.poll(); key != null; key = service.poll()) {
                lost |= take(key, touched);
            }
        } catch (ClosedWatchServiceException e) {
            return;
        }
        try {
            if (lost) {
                overflow.run();
            }
            if (!touched.isEmpty()) {
                changed.accept(touched.values());
            }
        } catch (RuntimeException e) {
            LOG.warning(() -> "Search index: folders that changed on disk could not be read again (" + e
                    + "); the next walk of the index finds the change");
        }
    }

    /** Notes the key's folder as touched and makes the key ready for more; true if events were dropped. */
    private boolean take(WatchKey key, Map<String, Entry> touched) {
        boolean lost = false;
        boolean seen = false;
        for (WatchEvent<?> event : key.pollEvents()) {
            lost |= event.kind() == StandardWatchEventKinds.OVERFLOW;
            // docbridge's own temporary files (uploads on their way, the readiness probe) change no listing
            seen |= !(event.context() instanceof Path name && Leftovers.isOurs(name.toString()));
        }
        Entry folder = folders.get(key);
        if (folder != null && (seen || lost)) {
            touched.put(folder.id, folder);
        }
        if (!key.reset()) { // the folder is gone
            Entry gone = folders.remove(key);
            if (gone != null) {
                byId.remove(gone.id, key);
            }
        }
        return lost;
    }

    @Override
    public void close() {
        try {
            service.close();
        } catch (IOException e) {
            // nothing to keep
        }
        // no interrupt: the thread may be reading the embedded database, whose files an interrupt closes
    }
}
