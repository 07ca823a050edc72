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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A folder of the store held open while docbridge works in it.
 *
 * <p>A path is checked once (its real path lies inside the root), but someone with write access to
 * the share can swap a folder on it for a symlink before the path is used. So a folder is opened by
 * walking from the open root one name at a time without following links (openat with O_NOFOLLOW),
 * and everything inside it is then read, created, renamed and deleted relative to that open folder
 * (openat, renameat, unlinkat): a swap makes the walk fail instead of leading elsewhere. An entry's
 * type is checked before it is opened; a named pipe swapped in between the check and the open (Java
 * cannot open without blocking) is released after {@link #PIPE_GRACE_SECONDS} by opening it for
 * writing, and the open then fails or reads nothing, so it never holds a thread, or the store's
 * write lock, for longer.
 *
 * <p>Where the platform has no {@link SecureDirectoryStream}, the same calls go by path, refusing a
 * link at the last step only (the README says so).
 */
final class Dir implements Closeable {

    private static final LinkOption[] NO_LINKS = {LinkOption.NOFOLLOW_LINKS};
    /** How long an open may hang before it is taken for a named pipe swapped in, and released. */
    static final int PIPE_GRACE_SECONDS = 2;
    /**
     * The JDK's shared delay thread, which runs the check itself: nothing of docbridge's keeps running
     * after an undeploy. Not the delayed executor's default, which on a machine of 2 cores (a common
     * pool of parallelism 1) starts a new thread for every task: one per open, hundreds a second under load.
     */
    private static final Executor LATER = CompletableFuture.delayedExecutor(PIPE_GRACE_SECONDS, TimeUnit.SECONDS,
            Runnable::run);
    /** Runs between an entry's type check and its open; lets a test swap what lies there. No-op in production. */
    static volatile java.util.function.Consumer<Path> beforeOpen = entry -> { };
    /** The deepest folder a delete goes into; deeper trees are left (and logged) rather than exhaust handles. */
    static final int MAX_DEPTH = 1000;

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
            return new Dir(path.resolve(name), guarded(name, () -> secure.newDirectoryStream(Path.of(name), NO_LINKS)));
        } catch (FileSystemException e) {
            throw swapped(e, name);
        }
    }

    /** ELOOP or ENOTDIR after the type check: a link or something else was put there meanwhile. */
    private static FileSystemException swapped(FileSystemException e, String name) {
        String reason = String.valueOf(e.getReason());
        if (e instanceof NoSuchFileException || e instanceof NotDirectoryException || reason.contains("symbolic link")
                || reason.contains("Not a directory")) {
            return new NoSuchFileException(name);
        }
        return e;
    }

    private interface Opening<T> {
        T open() throws IOException;
    }

    /**
     * Runs an open that a named pipe swapped in after the type check would block forever: if it has
     * not returned after the grace period, the pipe is opened for writing, which releases it.
     */
    private <T> T guarded(String name, Opening<T> opening) throws IOException {
        AtomicBoolean done = new AtomicBoolean();
        Path entry = path.resolve(name);
        beforeOpen.accept(entry);
        LATER.execute(() -> {
            if (!done.get()) {
                Thread release = new Thread(() -> releasePipe(entry), "docbridge-pipe-release");
                release.setDaemon(true);
                release.start();
            }
        });
        try {
            return opening.open();
        } finally {
            done.set(true);
        }
    }

    private static void releasePipe(Path entry) {
        try {
            if (Files.readAttributes(entry, BasicFileAttributes.class, NO_LINKS).isOther()) {
                FileChannel.open(entry, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS).close();
            }
        } catch (IOException e) {
            // gone, or not a pipe: nothing to release
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
        SeekableByteChannel channel;
        try {
            channel = guarded(name, () -> open(name, Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)));
        } catch (FileSystemException e) {
            throw swapped(e, name);
        }
        // what was opened must still be the regular file that was checked (a pipe released by the
        // guard, or a file swapped in, is refused)
        BasicFileAttributes now = attributesIfExists(name);
        if (now == null || !now.isRegularFile() || (attrs.fileKey() != null && !attrs.fileKey().equals(now.fileKey()))) {
            channel.close();
            throw new NoSuchFileException(name);
        }
        return channel;
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

    /**
     * Removes an entry and, for a folder, everything in it, links removed and never followed. A tree
     * deeper than {@link #MAX_DEPTH} is refused part-way (each level holds a folder open).
     */
    void deleteTree(String name) throws IOException {
        deleteTree(name, 0);
    }

    private void deleteTree(String name, int depth) throws IOException {
        if (attributes(name).isDirectory()) {
            if (depth >= MAX_DEPTH) {
                throw new FileSystemException(name, null, "more than " + MAX_DEPTH + " folders deep");
            }
            try (Dir sub = sub(name)) {
                for (String child : sub.names()) {
                    sub.deleteTree(child, depth + 1);
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

    /** Whether the folder now at {@code real} is the one held open (same file key): it may have been renamed. */
    boolean isAt(Path real) {
        try {
            Object held = ownAttributes().fileKey();
            BasicFileAttributes there = Files.readAttributes(real, BasicFileAttributes.class, NO_LINKS);
            return held == null ? real.equals(path) : held.equals(there.fileKey());
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Forces the folder's entries to disk (best effort: not every file system can), through the
     * folder held open: its path could lead to a named pipe by now.
     */
    void sync() {
        try (SeekableByteChannel channel = secure != null
                ? secure.newByteChannel(Path.of("."), Set.of(StandardOpenOption.READ))
                : FileChannel.open(path, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            if (channel instanceof FileChannel file) {
                file.force(true);
            }
        } catch (IOException | UnsupportedOperationException e) {
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
