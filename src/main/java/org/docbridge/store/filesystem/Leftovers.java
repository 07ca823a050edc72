package org.docbridge.store.filesystem;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.logging.Logger;

/**
 * The hidden files docbridge writes into the store while it works, and their removal when a stop
 * left them behind: temporary files of uploads and copies ({@code .docbridge-upload-…}) and folders
 * being deleted ({@code .docbridge-deleting-…}).
 *
 * <p>Each name carries the server that made it (a node id kept in the state folder, so that servers
 * sharing one document folder tell their files apart) and the run of that server (new at each
 * start). At start, a background walk removes what earlier runs of this server left, and what
 * other servers left untouched for {@link #ABANDONED}; it never touches a file that a running
 * upload, copy or delete may still be writing.
 */
final class Leftovers {

    private static final Logger LOG = Logger.getLogger(Leftovers.class.getName());

    static final String TEMP_PREFIX = ".docbridge-upload-";
    static final String TRASH_PREFIX = ".docbridge-deleting-";
    /** How long another server's hidden file must stay untouched before it counts as abandoned. */
    static final Duration ABANDONED = Duration.ofHours(24);
    private static final long PROGRESS_EVERY_MS = 30_000;

    private final String node;
    private final String run;

    private Leftovers(String node, String run) {
        this.node = node;
        this.run = run;
    }

    /** This server's node id, from {@code nodeFile} (made on first start). */
    /** This server's node id: names its hidden files, and the moves it announces in the catalogue. */
    String node() {
        return node;
    }

    static Leftovers forNode(Path nodeFile) throws IOException {
        String node;
        if (Files.exists(nodeFile)) {
            node = Files.readString(nodeFile, StandardCharsets.UTF_8).strip();
        } else {
            node = Ids.randomToken().substring(0, 8);
            try {
                Files.writeString(nodeFile, node + "\n", StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE_NEW);
            } catch (FileAlreadyExistsException raced) {
                node = Files.readString(nodeFile, StandardCharsets.UTF_8).strip();
            }
        }
        if (!node.matches("[A-Za-z0-9_-]{1,32}")) {
            throw new IOException(nodeFile + " does not hold a node id; delete it and docbridge makes a new one");
        }
        return new Leftovers(node, Ids.randomToken().substring(0, 8));
    }

    /** A new name for a temporary file of this run. */
    String tempName() {
        return TEMP_PREFIX + node + "." + run + "-" + Ids.randomToken() + ".tmp";
    }

    /** A new name for a folder or file on its way out. */
    String trashName() {
        return TRASH_PREFIX + node + "." + run + "-" + Ids.randomToken();
    }

    static boolean isOurs(String name) {
        return name.startsWith(TEMP_PREFIX) || name.startsWith(TRASH_PREFIX);
    }

    /** Whether a hidden file of ours may be removed: left by an earlier run of this server, or abandoned. */
    boolean isLeftOver(String name, BasicFileAttributes attrs, long now) {
        String rest = name.startsWith(TEMP_PREFIX) ? name.substring(TEMP_PREFIX.length())
                : name.startsWith(TRASH_PREFIX) ? name.substring(TRASH_PREFIX.length()) : null;
        if (rest == null) {
            return false;
        }
        if (rest.startsWith(node + ".")) {
            return !rest.startsWith(node + "." + run + "-");
        }
        // another server's, or a release that did not name its server: only once long untouched
        return now - attrs.lastModifiedTime().toMillis() > ABANDONED.toMillis();
    }

    /** Walks the whole store (never through links, never into the state folder) and removes leftovers. */
    void sweep(ServedTree tree, java.util.function.BooleanSupplier stop) {
        long started = System.currentTimeMillis();
        long lastReport = started;
        long folders = 0;
        long removed = 0;
        Deque<Path> todo = new ArrayDeque<>();
        todo.push(tree.root);
        while (!todo.isEmpty() && !stop.getAsBoolean()) {
            Path real = todo.pop();
            try (Dir dir = Dir.open(tree.root, real)) {
                folders++;
                long now = System.currentTimeMillis();
                for (String name : dir.names()) {
                    BasicFileAttributes attrs = dir.attributesIfExists(name);
                    if (attrs == null) {
                        continue;
                    }
                    if (isOurs(name)) {
                        if (isLeftOver(name, attrs, now)) {
                            removed += remove(dir, name);
                        }
                    } else if (attrs.isDirectory() && Names.isServable(name)) {
                        Path child = real.resolve(name);
                        if (tree.excluded == null || !child.equals(tree.excluded)) {
                            todo.push(child);
                        }
                    }
                }
            } catch (IOException | RuntimeException e) {
                // a folder that vanished or cannot be read is simply not swept
            }
            long now = System.currentTimeMillis();
            if (now - lastReport >= PROGRESS_EVERY_MS) {
                lastReport = now;
                long f = folders;
                long r = removed;
                LOG.info(() -> "Store sweep: " + f + " folders looked at, " + r + " leftover(s) removed so far");
            }
        }
        long f = folders;
        long r = removed;
        long ms = System.currentTimeMillis() - started;
        LOG.info(() -> "Store sweep " + (stop.getAsBoolean() ? "stopped" : "done") + ": " + f
                + " folders looked at in " + ms + " ms; " + r + " leftover(s) of interrupted uploads, copies or"
                + " deletes removed");
    }

    private static int remove(Dir dir, String name) {
        try {
            dir.deleteTree(name);
            LOG.info(() -> "Removed " + name + ", left in " + dir.path() + " by an interrupted upload, copy or delete");
            return 1;
        } catch (IOException e) {
            LOG.warning(() -> "Could not remove " + name + " in " + dir.path() + ": " + e);
            return 0;
        }
    }
}
