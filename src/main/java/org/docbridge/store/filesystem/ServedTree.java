package org.docbridge.store.filesystem;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import org.docbridge.store.InvalidNameException;
import org.docbridge.store.Item;
import org.docbridge.store.NoSuchItemException;
import org.docbridge.store.NotAllowedException;
import org.docbridge.store.StoreException;
import org.docbridge.store.WrongKindException;

/**
 * What is served, and where an id's item is: the root, the folder never served (docbridge's state),
 * and the id catalogue. Every path built from an entry is checked on use: its real path (links
 * resolved) must lie inside the root, contain no hidden component, and not be the state folder.
 * Work inside a checked folder then goes through a {@link Dir} opened without following links.
 */
final class ServedTree {

    final Path root;
    final Path excluded;
    final IdCatalogue catalogue;

    /** Called between a path's check and its use; lets a test swap what lies there. No-op in production. */
    volatile Runnable afterCheck = () -> { };

    ServedTree(Path root, Path excluded, IdCatalogue catalogue) {
        this.root = root;
        this.excluded = excluded;
        this.catalogue = catalogue;
    }

    Entry entry(String id) {
        Entry entry = org.docbridge.store.DocumentStore.ROOT_ID.equals(id) || Ids.isWellFormed(id)
                ? catalogue.find(id) : null;
        if (entry == null) {
            throw gone();
        }
        return entry;
    }

    /** The entry's real path, or NoSuchItem if it is gone or resolves outside what is served. */
    Path realPath(Entry entry) {
        if (entry.isRoot()) {
            return root;
        }
        try {
            Path path = root;
            for (String name : IdCatalogue.names(entry)) {
                path = path.resolve(name);
            }
            Path real = path.toRealPath();
            if (!isServed(real)) {
                throw gone();
            }
            return real;
        } catch (IOException | InvalidPathException e) {
            throw gone();
        }
    }

    /** The path the entry's names spell from the root, links not resolved: its real path unless a link lies on the way. */
    Path namedPath(Entry entry) {
        Path path = root;
        for (String name : IdCatalogue.names(entry)) {
            path = inFolder(path, name);
        }
        return path;
    }

    boolean isServed(Path real) {
        if (!real.startsWith(root) || (excluded != null && real.startsWith(excluded))) {
            return false;
        }
        for (Path part : root.relativize(real)) {
            if (!Names.isServable(part.toString())) {
                return false;
            }
        }
        return true;
    }

    /** Opens the folder the entry names (links along the way resolved and checked first). */
    Dir folder(Entry entry) {
        Path real = realPath(entry);
        afterCheck.run();
        try {
            return Dir.open(root, real);
        } catch (NotDirectoryException e) {
            throw new WrongKindException("the item is a file, not a folder", true);
        } catch (NoSuchFileException e) {
            throw gone();
        } catch (IOException e) {
            throw new StoreException("the folder could not be read", e);
        }
    }

    /**
     * Opens the folder holding the entry itself, so that the entry is acted on by its own name: a
     * symlink is then moved or deleted as a link, never what it points to. Refuses the root and
     * anything holding docbridge's own state; NoSuchItem if the entry is not there.
     */
    Dir holder(Entry entry) {
        Entry parent = entry.parent();
        if (parent == null) {
            throw new NotAllowedException("the root folder can be neither moved, renamed nor deleted");
        }
        Path path = inFolder(realPath(parent), entry.name());
        if (excluded != null && excluded.startsWith(path)) {
            throw new NotAllowedException("this folder holds docbridge's own state");
        }
        Dir dir = folder(parent);
        try {
            if (dir.attributesIfExists(entry.name()) == null) {
                throw gone();
            }
            return dir;
        } catch (IOException | RuntimeException e) {
            closeQuietly(dir);
            throw e instanceof RuntimeException r ? r : gone();
        }
    }

    /** A directory entry worth listing: what it is (a link's target), and whether it is a link. */
    record Listed(BasicFileAttributes attrs, boolean link) {
    }

    /** Attributes of an entry of an open folder worth listing, or null when it must stay invisible. */
    Listed listed(Dir dir, String name) {
        if (!Names.isServable(name)) {
            return null;
        }
        try {
            BasicFileAttributes attrs = dir.attributes(name);
            Path child = dir.path().resolve(name);
            if (excluded != null && child.equals(excluded)) {
                return null;
            }
            boolean link = attrs.isSymbolicLink();
            if (link) {
                if (!isServed(child.toRealPath())) {
                    return null;
                }
                attrs = Files.readAttributes(child, BasicFileAttributes.class);
            }
            return attrs.isRegularFile() || attrs.isDirectory() ? new Listed(attrs, link) : null;
        } catch (IOException | InvalidPathException e) {
            return null; // vanished meanwhile, or a dangling link
        }
    }

    /** A served item's attributes; NoSuchItem for anything but a regular file or a folder. */
    static BasicFileAttributes attributes(Path path) {
        try {
            BasicFileAttributes attrs = Files.readAttributes(path, BasicFileAttributes.class);
            if (!attrs.isRegularFile() && !attrs.isDirectory()) {
                throw gone();
            }
            return attrs;
        } catch (IOException e) {
            throw gone();
        }
    }

    /** The same, read inside an open folder; links not followed. */
    static BasicFileAttributes attributes(Dir dir, String name) {
        try {
            BasicFileAttributes attrs = dir.attributes(name);
            if (!attrs.isRegularFile() && !attrs.isDirectory()) {
                throw gone();
            }
            return attrs;
        } catch (IOException e) {
            throw gone();
        }
    }

    static Path inFolder(Path folder, String name) {
        try {
            return folder.resolve(name);
        } catch (InvalidPathException e) {
            throw new InvalidNameException("the server cannot store this name (its locale is not UTF-8)");
        }
    }

    Entry materialise(Entry from, List<String> trail) {
        Entry entry = from;
        for (String name : trail) {
            entry = catalogue.childOrCreate(entry, name);
        }
        return entry;
    }

    static Item item(Entry entry, BasicFileAttributes attrs) {
        return item(entry.id, entry.name(), attrs, false);
    }

    static Item item(String id, String name, BasicFileAttributes attrs, boolean alias) {
        boolean folder = attrs.isDirectory();
        return new Item(id, name, folder, folder ? 0 : attrs.size(), attrs.lastModifiedTime().toInstant(), alias);
    }

    static NoSuchItemException gone() {
        return new NoSuchItemException("no document or folder has this id");
    }

    static void closeQuietly(Dir dir) {
        try {
            dir.close();
        } catch (IOException e) {
            // nothing was written through it
        }
    }

    static boolean exists(Path path) {
        return Files.exists(path, LinkOption.NOFOLLOW_LINKS);
    }
}
