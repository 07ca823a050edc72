package org.docbridge.store.filesystem;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.logging.Logger;
import org.docbridge.store.Item;
import org.docbridge.store.ItemNames;
import org.docbridge.store.NameTakenException;
import org.docbridge.store.NotAllowedException;
import org.docbridge.store.StoreException;

/**
 * Changing the tree: new empty files and folders, moves and renames that keep every id, deletes
 * that make an item vanish at once. Each runs under the store's write lock, acts inside folders held
 * open (never through a link swapped in after the check), and runs the caller's last check just
 * before the change takes effect.
 */
final class TreeWrites {

    private static final Logger LOG = Logger.getLogger(TreeWrites.class.getName());

    private final ServedTree tree;
    private final Object writes;
    private final Leftovers leftovers;

    TreeWrites(ServedTree tree, Object writes, Leftovers leftovers) {
        this.tree = tree;
        this.writes = writes;
        this.leftovers = leftovers;
    }

    Item create(String parentId, String name, boolean folder, Runnable check) {
        String checked = ItemNames.check(name);
        Entry parent = tree.entry(parentId);
        synchronized (writes) {
            try (Dir dir = tree.folder(parent)) {
                check.run();
                // a listing that sees the new item before its row is written gives it an id: it keeps that one
                long madeAfter = tree.catalogue.version();
                // both refuse to replace anything, atomically
                if (folder) {
                    // no mkdirat in Java: by path, right after making sure the path still leads here
                    if (!dir.isAt(dir.path())) {
                        throw ServedTree.gone();
                    }
                    Files.createDirectory(ServedTree.inFolder(dir.path(), checked));
                } else {
                    dir.createNew(checked).close();
                }
                Entry entry;
                try {
                    entry = tree.catalogue.createdChild(parent, checked, folder, madeAfter);
                } catch (RuntimeException e) {
                    // no id, no item: the call failed (the database away), so nothing of it stays
                    undoCreate(dir, checked);
                    throw e;
                }
                return ServedTree.item(entry, ServedTree.attributes(dir, checked));
            } catch (FileAlreadyExistsException e) {
                throw new NameTakenException("the folder already holds an item named '" + checked + "'");
            } catch (IOException e) {
                throw new StoreException("'" + checked + "' could not be created", e);
            }
        }
    }

    Item move(String id, String folderId, String name, Runnable check) {
        Entry entry = tree.entry(id);
        // an item keeps the name it has even if the rules for new names would refuse it
        String checked = name.equals(entry.name()) ? name : ItemNames.check(name);
        Entry folder = tree.entry(folderId);
        synchronized (writes) {
            try (Dir from = tree.holder(entry)) {
                if (folder.isAtOrBelow(entry)) {
                    throw new NotAllowedException("a folder cannot be moved into itself");
                }
                try (Dir to = tree.folder(folder)) {
                    check.run();
                    String source = entry.name();
                    boolean sameFolder = sameEntry(from.ownAttributes(), to.ownAttributes());
                    if (!(sameFolder && source.equals(checked))) {
                        rename(entry, folder, from, source, to, checked);
                    }
                    try {
                        tree.catalogue.move(entry, folder, checked);
                    } catch (RuntimeException e) {
                        // the catalogue could not follow (the database away): the rename is taken back
                        if (!(sameFolder && source.equals(checked))) {
                            renameBack(to, checked, from, source);
                        }
                        abortQuietly(entry);
                        throw e;
                    }
                    return ServedTree.item(entry.id, checked, ServedTree.attributes(to.path().resolve(checked)), false);
                }
            } catch (IOException e) {
                throw new StoreException("'" + entry.name() + "' could not be moved or renamed", e);
            }
        }
    }

    private void rename(Entry entry, Entry folder, Dir from, String source, Dir to,
            String target) throws IOException {
        // never replaces: checked under the lock that every write here takes (a writer outside
        // docbridge could still race it; rename(2) has no portable no-replace form in Java)
        BasicFileAttributes there = to.attributesIfExists(target);
        if (there != null && !sameEntry(from.attributes(source), there)) {
            throw new NameTakenException("the folder already holds an item named '" + target + "'");
        }
        // announced first, so that a crash between the rename and its record loses no id
        tree.catalogue.beginMove(entry, folder, target);
        try {
            from.rename(source, to, target);
        } catch (IOException e) {
            abortQuietly(entry);
            throw new StoreException("'" + entry.name() + "' could not be moved or renamed", e);
        }
        to.sync();
        from.sync();
    }

    /** The same directory entry (a case-only rename on a case-insensitive file system). */
    private static boolean sameEntry(BasicFileAttributes a, BasicFileAttributes b) {
        return a.fileKey() != null && a.fileKey().equals(b.fileKey());
    }

    /**
     * Renames the item to a hidden name first (one atomic step: from then on nobody can list, open or
     * write into it, and its ids answer NoSuchItem), then removes what it holds. Files already open,
     * such as a running download, are read to their end.
     */
    void delete(String id, Runnable check) {
        Entry entry = tree.entry(id);
        String doomed = leftovers.trashName();
        Dir dir;
        synchronized (writes) {
            dir = tree.holder(entry);
            try {
                check.run();
                dir.rename(entry.name(), dir, doomed);
            } catch (IOException e) {
                ServedTree.closeQuietly(dir);
                throw new StoreException("'" + entry.name() + "' could not be deleted", e);
            } catch (RuntimeException e) {
                ServedTree.closeQuietly(dir);
                throw e;
            }
            try {
                tree.catalogue.forget(entry);
            } catch (RuntimeException e) {
                // the catalogue could not forget it (the database away): the item comes back whole
                renameBack(dir, doomed, dir, entry.name());
                ServedTree.closeQuietly(dir);
                throw e;
            }
        }
        try (dir) {
            dir.sync();
            dir.deleteTree(doomed);
        } catch (IOException e) {
            // the item is gone for every client; only disk space is left to reclaim
            LOG.warning(() -> "Deleted '" + entry.name() + "', but part of its content could not be removed and stays"
                    + " in the hidden folder " + doomed + " of " + dir.path() + " (" + e + "); the next start"
                    + " removes it");
        }
    }

    /**
     * A move is announced in the catalogue before the rename on disk; after a crash between the two,
     * the disk says which happened: the item at its new place and not at its old means it moved.
     */
    void settleInterruptedMoves() throws IOException {
        for (CatalogueRows.PendingMove move : tree.catalogue.unsettledMoves()) {
            Entry entry = tree.catalogue.current(move.id());
            Entry parent = tree.catalogue.current(move.parentId());
            if (entry == null) {
                continue; // the item is gone, and its announced move with it
            }
            if (parent == null || entry.isRoot()) {
                // into a folder that is gone, or of the root: it cannot have happened
                tree.catalogue.abortMove(entry);
                continue;
            }
            boolean moved;
            try {
                Path from = ServedTree.inFolder(tree.realPath(entry.parent()), entry.name());
                Path to = ServedTree.inFolder(tree.realPath(parent), move.name());
                moved = !Files.exists(from, LinkOption.NOFOLLOW_LINKS) && Files.exists(to, LinkOption.NOFOLLOW_LINKS);
            } catch (StoreException e) {
                moved = false;
            }
            if (moved) {
                tree.catalogue.move(entry, parent, move.name());
            } else {
                tree.catalogue.abortMove(entry);
            }
            boolean done = moved;
            LOG.info(() -> "Id catalogue: a move of id " + move.id() + " interrupted by a stop was "
                    + (done ? "completed on disk; the catalogue follows it" : "not done on disk; the id stays where it was"));
        }
    }

    private static void undoCreate(Dir dir, String name) {
        try {
            dir.delete(name); // just made, so empty: nobody else had its id
        } catch (IOException e) {
            LOG.warning(() -> "Could not remove '" + name + "' after its id could not be recorded: " + e);
        }
    }

    private static void renameBack(Dir from, String name, Dir to, String original) {
        try {
            from.rename(name, to, original);
        } catch (IOException e) {
            LOG.warning(() -> "Could not take back the rename of '" + original + "' after the catalogue failed: " + e
                    + "; the next start of this server settles it");
        }
    }

    private void abortQuietly(Entry entry) {
        try {
            tree.catalogue.abortMove(entry);
        } catch (RuntimeException e) {
            // the announcement stays; the next start of this node settles it by looking at the disk
            LOG.warning(() -> "Could not call off the announced move of id " + entry.id + ": " + e.getMessage());
        }
    }
}
