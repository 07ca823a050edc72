package org.docbridge.store.filesystem;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Iterator;
import java.util.Set;
import org.docbridge.store.Item;
import org.docbridge.store.ItemNames;
import org.docbridge.store.NameTakenException;
import org.docbridge.store.NoSuchItemException;
import org.docbridge.store.StoreException;
import org.docbridge.store.TooLargeException;
import org.docbridge.store.WrongKindException;

/**
 * Writing content: a file's new content (uploads), and a new file with content (copies). The bytes
 * go into a hidden temporary file in the folder held open, are forced to disk, and only then, under
 * the store's write lock and after the caller's last check, take the file's name in one atomic
 * step. A reader sees the old content or the new, never a part; a failure leaves no temporary file.
 */
final class ContentWrites {

    static final int WRITE_BUFFER = 256 * 1024;

    private final ServedTree tree;
    private final Object writes;
    private final Leftovers leftovers;

    ContentWrites(ServedTree tree, Object writes, Leftovers leftovers) {
        this.tree = tree;
        this.writes = writes;
        this.leftovers = leftovers;
    }

    Item replaceContent(String fileId, InputStream data, long maxBytes, Runnable check) throws IOException {
        Entry entry = tree.entry(fileId);
        // where the content really is: an item reached through a link is written where the link leads
        Path real = tree.realPath(entry);
        if (real.equals(tree.root)) {
            throw new WrongKindException("the item is a folder, not a file", false);
        }
        tree.afterCheck.run();
        String temp = leftovers.tempName();
        try (Dir dir = openFolder(real.getParent())) {
            if (!ServedTree.attributes(dir, real.getFileName().toString()).isRegularFile()) {
                throw new WrongKindException("the item is a folder, not a file", false);
            }
            try {
                writeFully(dir, temp, data, maxBytes);
                keepPermissions(dir, real.getFileName().toString(), temp);
                String name;
                synchronized (writes) {
                    // where the file is now: a rename of it, or of a folder above it, is fine (the
                    // folder is held open); a move to another folder or a delete ends the upload
                    Entry current = tree.catalogue.current(entry.id);
                    if (current == null) {
                        throw ServedTree.gone();
                    }
                    check.run();
                    Path now = tree.realPath(current);
                    if (!dir.isAt(now.getParent())) {
                        throw new NoSuchItemException("the file was moved to another folder while its content arrived");
                    }
                    name = now.getFileName().toString();
                    if (!ServedTree.attributes(dir, name).isRegularFile()) {
                        throw ServedTree.gone();
                    }
                    dir.rename(temp, dir, name);
                }
                dir.sync();
                return ServedTree.item(entry.id, name, ServedTree.attributes(dir, name), false);
            } finally {
                deleteIfExists(dir, temp);
            }
        }
    }

    /**
     * A new file in the folder holding all that {@code data} yields, under the first free name of
     * {@code names}; it appears complete or not at all.
     */
    Item createFile(String parentId, Iterator<String> names, InputStream data, long maxBytes, Runnable check)
            throws IOException {
        Entry parent = tree.entry(parentId);
        String temp = leftovers.tempName();
        try (Dir dir = tree.folder(parent)) {
            boolean placed = false;
            try {
                writeFully(dir, temp, data, maxBytes);
                synchronized (writes) {
                    Entry current = tree.catalogue.current(parent.id);
                    if (current == null || !dir.isAt(tree.realPath(current))) {
                        throw new NoSuchItemException("the folder was moved or deleted while the content arrived");
                    }
                    Path folder = tree.realPath(current);
                    check.run();
                    // a listing that sees the placed file before its row is written gives it an id: it keeps that one
                    long madeAfter = tree.catalogue.version();
                    while (names.hasNext()) {
                        String checked = ItemNames.check(names.next());
                        if (!placeWithoutReplacing(dir, folder, temp, checked)) {
                            continue;
                        }
                        placed = true;
                        Entry entry;
                        try {
                            entry = tree.catalogue.createdChild(current, checked, false, madeAfter);
                        } catch (RuntimeException e) {
                            // no id, no file: the call failed (the database away), so nothing of it stays
                            deleteIfExists(dir, checked);
                            throw e;
                        }
                        dir.sync();
                        return ServedTree.item(entry, ServedTree.attributes(dir, checked));
                    }
                    throw new NameTakenException("every name tried is taken in the folder");
                }
            } finally {
                if (!placed) {
                    deleteIfExists(dir, temp);
                }
            }
        }
    }

    private Dir openFolder(Path real) {
        try {
            return Dir.open(tree.root, real);
        } catch (NoSuchFileException e) {
            throw ServedTree.gone();
        } catch (IOException e) {
            throw new StoreException("the folder could not be opened", e);
        }
    }

    /**
     * Gives the complete temporary file the name {@code name}, unless that name is taken: a hard
     * link fails if the name exists, even if a process outside docbridge made it a moment ago (a
     * rename would replace it). Where hard links are not supported, the name is checked first,
     * under the lock every write of docbridge takes.
     */
    private static boolean placeWithoutReplacing(Dir dir, Path folder, String temp, String name) throws IOException {
        try {
            Files.createLink(ServedTree.inFolder(folder, name), folder.resolve(temp));
            // the link was made by path: make sure that path still leads to the folder held open
            // (renamed or not), and that the name there is our file
            if (!dir.isAt(folder) || !sameEntry(dir, temp, name)) {
                throw new StoreException("the folder changed while the file was being placed", null);
            }
        } catch (FileAlreadyExistsException taken) {
            return false;
        } catch (UnsupportedOperationException | FileSystemException noHardLinks) {
            if (noHardLinks instanceof NoSuchFileException) {
                throw ServedTree.gone();
            }
            if (dir.attributesIfExists(name) != null) {
                return false;
            }
            dir.rename(temp, dir, name);
            return true;
        }
        dir.delete(temp);
        return true;
    }

    private static boolean sameEntry(Dir dir, String a, String b) throws IOException {
        Object key = dir.attributes(a).fileKey();
        return key == null || key.equals(dir.attributes(b).fileKey());
    }

    /**
     * Writes all of {@code data} into a new file and forces it to disk; TooLarge past {@code maxBytes}.
     * Reads until the end of the stream, whatever the size of each read.
     */
    private static void writeFully(Dir dir, String name, InputStream data, long maxBytes) throws IOException {
        try (SeekableByteChannel out = dir.createNew(name)) {
            byte[] buffer = new byte[WRITE_BUFFER];
            long written = 0;
            for (int n; (n = data.read(buffer)) != -1; ) {
                written += n;
                if (written > maxBytes) {
                    throw new TooLargeException("the content is larger than " + maxBytes + " bytes");
                }
                ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, n);
                while (chunk.hasRemaining()) {
                    out.write(chunk);
                }
            }
            if (out instanceof FileChannel file) {
                file.force(true);
            } else {
                force(dir, name);
            }
        }
    }

    /** A channel that is no FileChannel (a SecureDirectoryStream's may not be, off Linux) is forced by path. */
    private static void force(Dir dir, String name) throws IOException {
        try (FileChannel again = FileChannel.open(dir.path().resolve(name), java.nio.file.StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS)) {
            again.force(true);
        }
    }

    /** Gives the new content the old file's permissions (best effort: not every file system has them). */
    private static void keepPermissions(Dir dir, String from, String to) {
        try {
            Set<PosixFilePermission> permissions = dir.permissions(from);
            if (permissions != null) {
                dir.setPermissions(to, permissions);
            }
        } catch (IOException | UnsupportedOperationException e) {
            // the new file keeps the server's default permissions
        }
    }

    private static void deleteIfExists(Dir dir, String name) {
        try {
            if (dir.attributesIfExists(name) != null) {
                dir.delete(name);
            }
        } catch (IOException e) {
            // swept at the next start (Leftovers)
        }
    }
}
