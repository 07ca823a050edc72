package org.docbridge.store.filesystem;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A folder of the store held open while docbridge works in it.
 *
 * <p>A path is checked once (its real path lies inside the root), but someone with write access to
 * the share can swap a folder on it for a symlink before the path is used. So a folder is opened by
 * walking from the open root one name at a time without following links (openat with O_NOFOLLOW),
 * and everything inside it is then read, created, renamed and deleted relative to that open folder
 * (openat, renameat, unlinkat): a swap makes the walk fail instead of leading elsewhere. Only a
 * regular file is ever opened for reading, so a named pipe cannot block a request thread.
 *
 * <p>Where the platform has no {@link SecureDirectoryStream}, the same calls go by path, refusing a
 * link at the last step only (the README says so).
 */
final class Dir implements Closeable {

    private static final LinkOption[] NO_LINKS = {LinkOption.NOFOLLOW_LINKS};

    private final Path path;
    /** Null where the platform lacks it. */
    private final SecureDirectoryStream<Path> secure;

    private Dir(Path path, SecureDirectoryStream<Path> secure) {
        this.path = path;
        this.secure = secure;
    }

    /**
     * Opens {@code real}, a real path at or below {@code root}, walking from the root without following
     * links. NoSuchFile when a step is missing or is no longer a folder (a link now stands there),
     * NotDirectory when {@code real} itself is a file.
     */
    static Dir open(Path root, Path real) throws IOException {
        Dir dir = top(root);
        try {
            for (Path part : root.relativize(real)) {
                String name = part.toString();
                if (name.isEmpty()) {
                    continue;
                }
                Dir sub = dir.sub(name);
                dir.close();
                dir = sub;
            }
            return dir;
        } catch (IOException | RuntimeException e) {
            dir.close();
            throw e;
        }
    }

    private static Dir top(Path root) throws IOException {
        DirectoryStream<Path> stream = Files.newDirectoryStream(root);
        if (stream instanceof SecureDirectoryStream<Path> sds) {
            return new Dir(root, sds);
        }
        stream.close();
        return new Dir(root, null);
    }

    /** Where the folder was when it was opened; for messages and the few calls that only go by path. */
    Path path() {
        return path;
    }

    boolean isSecure() {
        return secure != null;
    }

    /** A folder inside this one; NoSuchFile if it is missing or not a folder (a link to one included). */
    Dir sub(String name) throws IOException {
        BasicFileAttributes attrs = attributes(name);
        if (!attrs.isDirectory()) {
            if (attrs.isSymbolicLink() || !attrs.isRegularFile()) {
                throw new NoSuchFileException(name);
            }
            throw new NotDirectoryException(name);
        }
        if (secure == null) {
            return new Dir(path.resolve(name), null);
        }
        try {
            return new Dir(path.resolve(name), secure.newDirectoryStream(Path.of(name), NO_LINKS));
        } catch (NoSuchFileException e) {
            throw e;
        } catch (FileSystemException e) {
            // ELOOP or ENOTDIR: a link or a file was put there after the check
            throw new NoSuchFileException(name);
        }
    }

    /** The names of the entries, in no particular order (once per opened folder). */
    List<String> names() throws IOException {
        List<String> names = new ArrayList<>();
        if (secure != null) {
            for (Path child : secure) {
                names.add(child.getFileName().toString());
            }
            return names;
        }
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(path)) {
            for (Path child : stream) {
                names.add(child.getFileName().toString());
            }
        }
        return names;
    }

    /** The entry's own attributes: a link is reported as a link, never followed. */
    BasicFileAttributes attributes(String name) throws IOException {
        if (secure == null) {
            return Files.readAttributes(path.resolve(name), BasicFileAttributes.class, NO_LINKS);
        }
        return secure.getFileAttributeView(Path.of(name), BasicFileAttributeView.class, NO_LINKS).readAttributes();
    }

    /** The entry's attributes, or null if it does not exist. */
    BasicFileAttributes attributesIfExists(String name) throws IOException {
        try {
            return attributes(name);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /** The open folder's own attributes (fstat of the open handle where the platform allows). */
    BasicFileAttributes ownAttributes() throws IOException {
        if (secure == null) {
            return Files.readAttributes(path, BasicFileAttributes.class, NO_LINKS);
        }
        return secure.getFileAttributeView(BasicFileAttributeView.class).readAttributes();
    }

    /** Opens a regular file for reading; anything else (a link, a pipe, a device) answers NoSuchFile. */
    SeekableByteChannel read(String name) throws IOException {
        BasicFileAttributes attrs = attributes(name);
        if (attrs.isDirectory()) {
            throw new IsFolderException(name);
        }
        if (!attrs.isRegularFile()) {
            throw new NoSuchFileException(name);
        }
        return open(name, Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS));
    }

    /** Creates a new file for writing; FileAlreadyExists if the name is taken. */
    SeekableByteChannel createNew(String name) throws IOException {
        return open(name, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS));
    }

    private SeekableByteChannel open(String name, Set<OpenOption> options) throws IOException {
        if (secure == null) {
            return FileChannel.open(path.resolve(name), options);
        }
        return secure.newByteChannel(Path.of(name), options);
    }

    /** Renames an entry of this folder to {@code newName} in {@code to}; replaces what is there. */
    void rename(String name, Dir to, String newName) throws IOException {
        if (secure != null && to.secure != null) {
            secure.move(Path.of(name), to.secure, Path.of(newName));
            return;
        }
        Files.move(path.resolve(name), to.path.resolve(newName), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
    }

    /** Removes a file, a link or an empty folder. */
    void delete(String name) throws IOException {
        BasicFileAttributes attrs = attributes(name);
        if (secure == null) {
            Files.delete(path.resolve(name));
        } else if (attrs.isDirectory()) {
            secure.deleteDirectory(Path.of(name));
        } else {
            secure.deleteFile(Path.of(name));
        }
    }

    /** Removes an entry and, for a folder, everything in it, links removed and never followed. */
    void deleteTree(String name) throws IOException {
        if (attributes(name).isDirectory()) {
            try (Dir sub = sub(name)) {
                for (String child : sub.names()) {
                    sub.deleteTree(child);
                }
            }
        }
        delete(name);
    }

    /** Sets an entry's POSIX permissions, where the file system has them. */
    void setPermissions(String name, Set<PosixFilePermission> permissions) throws IOException {
        PosixFileAttributeView view = secure == null
                ? Files.getFileAttributeView(path.resolve(name), PosixFileAttributeView.class, NO_LINKS)
                : secure.getFileAttributeView(Path.of(name), PosixFileAttributeView.class, NO_LINKS);
        if (view != null) {
            view.setPermissions(permissions);
        }
    }

    /** An entry's POSIX permissions, or null where the file system has none. */
    Set<PosixFilePermission> permissions(String name) throws IOException {
        PosixFileAttributeView view = secure == null
                ? Files.getFileAttributeView(path.resolve(name), PosixFileAttributeView.class, NO_LINKS)
                : secure.getFileAttributeView(Path.of(name), PosixFileAttributeView.class, NO_LINKS);
        return view == null ? null : view.readAttributes().permissions();
    }

    /** Whether the folder now at {@link #path()} is still the one held open (same file key). */
    boolean stillAt() {
        try {
            Object held = ownAttributes().fileKey();
            Object there = Files.readAttributes(path, BasicFileAttributes.class, NO_LINKS).fileKey();
            return held == null || held.equals(there);
        } catch (IOException e) {
            return false;
        }
    }

    /** Forces the folder's entries to disk (best effort: not every file system can). */
    void sync() {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // not every file system can sync a folder; the renames themselves are atomic
        }
    }

    @Override
    public void close() throws IOException {
        if (secure != null) {
            secure.close();
        }
    }

    /** A folder was found where a file was expected. */
    static final class IsFolderException extends FileSystemException {
        IsFolderException(String name) {
            super(name);
        }
    }
}
