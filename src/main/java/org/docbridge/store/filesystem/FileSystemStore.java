package org.docbridge.store.filesystem;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.docbridge.store.DocumentStore;
import org.docbridge.store.InvalidNameException;
import org.docbridge.store.Item;
import org.docbridge.store.ItemNames;
import org.docbridge.store.NameTakenException;
import org.docbridge.store.NoSuchItemException;
import org.docbridge.store.NotAllowedException;
import org.docbridge.store.StoreException;
import org.docbridge.store.TooLargeException;
import org.docbridge.store.WrongKindException;

/**
 * Serves a folder tree on the server's file system.
 *
 * <p>Ids come from the {@link IdCatalogue}; a client can only name items the catalogue issued, and
 * every path built from an entry is checked again on use: its real path (all symlinks resolved) must
 * lie inside the root, contain no hidden component, and not be docbridge's own state folder.
 * Symlinks are followed only while they stay inside the root. Anything that is neither a regular
 * file nor a directory (devices, pipes, sockets) is ignored.
 */
public final class FileSystemStore implements DocumentStore, AutoCloseable {

    static final int WRITE_BUFFER = 256 * 1024;

    private final Path root;
    private final Object writes = new Object();
    private final Path excluded;
    private final IdCatalogue catalogue;
    private final Duration forgetAfter;
    private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger(FileSystemStore.class.getName());
    static final String TEMP_PREFIX = ".docbridge-upload-";
    static final String TRASH_PREFIX = ".docbridge-deleting-";

    /**
     * @param root          the folder to serve; must exist
     * @param catalogueFile where the id catalogue is kept (created if missing)
     * @param excluded      a folder never served even if it lies inside the root (docbridge's state)
     * @param forgetAfter   how long an item must stay missing from its folder's listings before its id
     *                      is forgotten; null never to forget on listing
     */
    public FileSystemStore(Path root, Path catalogueFile, Path excluded, Duration forgetAfter) throws IOException {
        this.forgetAfter = forgetAfter;
        this.root = root.toRealPath();
        this.excluded = excluded == null ? null
                : Files.exists(excluded) ? excluded.toRealPath() : excluded.toAbsolutePath().normalize();
        this.catalogue = IdCatalogue.open(ROOT_ID, catalogueFile);
        settleInterruptedMoves();
    }

    /**
     * A move is announced in the catalogue before the rename on disk; after a crash between the two,
     * the disk says which happened: the item at its new place and not at its old means it moved.
     */
    private void settleInterruptedMoves() throws IOException {
        for (CatalogueJournal.Record move : catalogue.unsettledMoves()) {
            IdCatalogue.Entry entry = catalogue.find(move.id());
            IdCatalogue.Entry parent = catalogue.find(move.parentId());
            if (entry == null) {
                catalogue.settleGone(move.id());
                continue;
            }
            if (parent == null || entry.parent() == null) {
                // into a folder that is gone, or of the root: it cannot have happened
                catalogue.abortMove(entry, null, move.name());
                continue;
            }
            boolean moved;
            try {
                Path from = inFolder(realPath(entry.parent(), entry.id), entry.name());
                Path to = inFolder(realPath(parent, parent.id), move.name());
                moved = !Files.exists(from, LinkOption.NOFOLLOW_LINKS) && Files.exists(to, LinkOption.NOFOLLOW_LINKS);
            } catch (StoreException e) {
                moved = false;
            }
            if (moved) {
                catalogue.move(entry, parent, move.name());
            } else {
                catalogue.abortMove(entry, parent, move.name());
            }
            boolean done = moved;
            LOG.info(() -> "Id catalogue: a move of id " + move.id() + " interrupted by a stop was "
                    + (done ? "completed on disk; the catalogue follows it" : "not done on disk; the id stays where it was"));
        }
        catalogue.sync();
    }

    public Path root() {
        return root;
    }

    /** How many ids the catalogue holds. */
    public int knownIds() {
        return catalogue.size();
    }

    @Override
    public Item get(String id) {
        IdCatalogue.Entry entry = entry(id);
        Path path = realPath(entry, id);
        BasicFileAttributes attrs = attributes(path, id);
        return item(entry, attrs);
    }

    @Override
    public List<String> idsAlong(List<String> trail) {
        List<String> ids = new ArrayList<>(trail.size() + 1);
        IdCatalogue.Entry entry = catalogue.root();
        ids.add(entry.id);
        for (String name : trail) {
            entry = entry.child(name);
            if (entry == null) {
                break;
            }
            ids.add(entry.id);
        }
        return ids;
    }

    @Override
    public String idAt(List<String> trail) {
        Path path = root;
        for (String name : trail) {
            path = inFolder(path, name);
        }
        Path real;
        try {
            real = path.toRealPath();
        } catch (IOException e) {
            throw gone("");
        }
        if (!real.equals(path) || !isServed(real)) {
            throw gone(""); // only real paths name items here
        }
        IdCatalogue.Entry entry = materialise(catalogue.root(), trail);
        sync();
        return entry.id;
    }

    @Override
    public String parentId(String id) {
        IdCatalogue.Entry parent = entry(id).parent();
        return parent == null ? null : parent.id;
    }

    @Override
    public List<String> trail(String id) {
        return IdCatalogue.names(entry(id));
    }

    @Override
    public List<String> targetTrail(String id) {
        IdCatalogue.Entry entry = entry(id);
        Path real = realPath(entry, id);
        List<String> names = new ArrayList<>();
        for (Path part : root.relativize(real)) {
            if (!part.toString().isEmpty()) {
                names.add(part.toString());
            }
        }
        return names;
    }

    @Override
    public List<Item> children(String folderId) {
        IdCatalogue.Entry folder = entry(folderId);
        Path dir = realPath(folder, folderId);
        List<Item> items = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            for (Path child : stream) {
                String name = child.getFileName().toString();
                Listed listed = servableAttributes(child, name);
                if (listed == null) {
                    continue;
                }
                IdCatalogue.Entry entry = catalogue.childOrCreate(folder, name);
                entry.seen();
                // the listed name: during a rename the entry may still carry the old one
                items.add(item(entry.id, name, listed.attrs(), listed.link()));
            }
        } catch (NotDirectoryException e) {
            throw new WrongKindException("the item is a file, not a folder", true);
        } catch (NoSuchFileException e) {
            throw gone(folderId);
        } catch (IOException e) {
            throw new StoreException("the folder could not be read", e);
        }
        // every listed name has an entry now, so entries for vanished items exist only if there are more
        if (forgetAfter != null && folder.childCount() > items.size()) {
            Set<String> present = new HashSet<>(items.size() * 2);
            items.forEach(item -> present.add(item.name()));
            catalogue.forgetMissing(folder, present,
                    name -> Files.exists(dir.resolve(name), LinkOption.NOFOLLOW_LINKS),
                    System.currentTimeMillis(), forgetAfter.toMillis());
        }
        sync();
        return items;
    }

    @Override
    public List<Item> search(String folderId, String text, int limit) {
        IdCatalogue.Entry scope = entry(folderId);
        Path start = realPath(scope, folderId);
        if (!Files.isDirectory(start)) {
            throw new WrongKindException("the item is a file, not a folder", true);
        }
        String needle = text.toLowerCase(Locale.ROOT);
        List<Item> found = new ArrayList<>();
        Deque<Pending> todo = new ArrayDeque<>();
        todo.push(new Pending(start, List.of()));
        while (!todo.isEmpty() && found.size() < limit) {
            Pending next = todo.pop();
            List<String> trail = next.trail();
            try (DirectoryStream<Path> stream = Files.newDirectoryStream(next.dir())) {
                for (Path child : stream) {
                    String name = child.getFileName().toString();
                    Listed listed = servableAttributes(child, name);
                    if (listed == null) {
                        continue;
                    }
                    BasicFileAttributes attrs = listed.attrs();
                    List<String> childTrail = append(trail, name);
                    if (name.toLowerCase(Locale.ROOT).contains(needle) && found.size() < limit) {
                        IdCatalogue.Entry entry = materialise(scope, childTrail);
                        found.add(item(entry.id, entry.name(), attrs, listed.link()));
                    }
                    // never descend through a symlink: it could lead in circles
                    if (attrs.isDirectory() && !listed.link()) {
                        todo.push(new Pending(child, childTrail));
                    }
                }
            } catch (IOException e) {
                // a folder that vanished or cannot be read is simply not searched
            }
        }
        sync();
        return found;
    }

    @Override
    public Content open(String id) throws IOException {
        IdCatalogue.Entry entry = entry(id);
        Path path = realPath(entry, id);
        FileChannel channel;
        try {
            channel = FileChannel.open(path, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            throw gone(id);
        } catch (IOException e) {
            if (Files.isDirectory(path)) {
                throw new WrongKindException("the item is a folder, not a file", false);
            }
            throw e;
        }
        try {
            BasicFileAttributes attrs = attributes(path, id);
            if (!attrs.isRegularFile()) {
                throw new WrongKindException("the item is a folder, not a file", false);
            }
            return new Content(item(entry, attrs), channel);
        } catch (RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    // --- writing ------------------------------------------------------------------------------

    @Override
    public Item createFolder(String parentId, String name) {
        return create(parentId, name, true);
    }

    @Override
    public Item createFile(String parentId, String name) {
        return create(parentId, name, false);
    }

    private Item create(String parentId, String name, boolean folder) {
        String checked = ItemNames.check(name);
        IdCatalogue.Entry parent = entry(parentId);
        synchronized (writes) {
            Path target = inFolder(folderPath(parent, parentId), checked);
            try {
                // both refuse to replace anything, atomically
                if (folder) {
                    Files.createDirectory(target);
                } else {
                    Files.createFile(target);
                }
            } catch (FileAlreadyExistsException e) {
                throw new NameTakenException("the folder already holds an item named '" + checked + "'");
            } catch (IOException e) {
                throw new StoreException("'" + checked + "' could not be created", e);
            }
            IdCatalogue.Entry entry = catalogue.createdChild(parent, checked);
            sync();
            return item(entry, attributes(target, entry.id));
        }
    }

    @Override
    public Item createFile(String parentId, java.util.Iterator<String> names, InputStream data, long maxBytes)
            throws IOException {
        IdCatalogue.Entry parent = entry(parentId);
        Path dir = folderPath(parent, parentId);
        Path temp = dir.resolve(TEMP_PREFIX + IdCatalogue.randomToken() + ".tmp");
        Path placed = null;
        try {
            writeFully(temp, data, maxBytes);
            synchronized (writes) {
                if (!catalogue.isLive(parent)) {
                    throw gone(parentId);
                }
                Path nowDir = folderPath(parent, parentId);
                Path tempNow = nowDir.resolve(temp.getFileName());
                if (!Files.exists(tempNow, LinkOption.NOFOLLOW_LINKS)) {
                    throw new NoSuchItemException("the folder was moved or deleted while the content arrived");
                }
                while (names.hasNext()) {
                    String checked = ItemNames.check(names.next());
                    Path target = inFolder(nowDir, checked);
                    if (!placeWithoutReplacing(tempNow, target)) {
                        continue;
                    }
                    placed = target;
                    IdCatalogue.Entry entry = catalogue.createdChild(parent, checked);
                    sync();
                    syncFolder(nowDir);
                    return item(entry, attributes(target, entry.id));
                }
                throw new NameTakenException("every name tried is taken in the folder");
            }
        } finally {
            if (placed == null && !Files.deleteIfExists(temp)) {
                try {
                    Files.deleteIfExists(folderPath(parent, parentId).resolve(temp.getFileName()));
                } catch (StoreException gone) {
                    // the folder is gone, and the temporary file with it
                }
            }
        }
    }

    /**
     * Gives the complete file {@code temp} the name {@code target}, atomically, unless that name is
     * taken: a hard link fails if the name exists, even if a process outside docbridge made it a
     * moment ago (a rename would replace it). Where hard links are not supported, the name is
     * checked first, under the lock every write of docbridge takes.
     */
    private static boolean placeWithoutReplacing(Path temp, Path target) throws IOException {
        try {
            Files.createLink(target, temp);
        } catch (FileAlreadyExistsException taken) {
            return false;
        } catch (UnsupportedOperationException | java.nio.file.FileSystemException noHardLinks) {
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                return false;
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            return true;
        }
        Files.delete(temp);
        return true;
    }

    /** Writes all of {@code data} into a new file and forces it to disk; TooLarge past {@code maxBytes}. */
    private static void writeFully(Path file, InputStream data, long maxBytes) throws IOException {
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            byte[] buffer = new byte[WRITE_BUFFER];
            long written = 0;
            for (int n; (n = data.read(buffer)) > 0; ) {
                written += n;
                if (written > maxBytes) {
                    throw new TooLargeException("the content is larger than " + maxBytes + " bytes");
                }
                ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, n);
                while (chunk.hasRemaining()) {
                    out.write(chunk);
                }
            }
            out.force(true);
        }
    }

    @Override
    public Item replaceContent(String fileId, InputStream data, long maxBytes) throws IOException {
        IdCatalogue.Entry entry = entry(fileId);
        Path target = realPath(entry, fileId);
        BasicFileAttributes before = attributes(target, fileId);
        if (!before.isRegularFile()) {
            throw new WrongKindException("the item is a folder, not a file", false);
        }
        // hidden, so never listed; beside the file, so the final move is an atomic rename
        Path temp = target.resolveSibling(TEMP_PREFIX + IdCatalogue.randomToken() + ".tmp");
        try {
            writeFully(temp, data, maxBytes);
            keepPermissions(target, temp);
            synchronized (writes) {
                // where the file is now: a rename of it or of a folder above it meanwhile took the
                // temporary file along; a delete ends the upload, it never recreates the file
                if (!catalogue.isLive(entry)) {
                    throw gone(fileId);
                }
                Path now = realPath(entry, fileId);
                if (!attributes(now, fileId).isRegularFile()) {
                    throw gone(fileId);
                }
                Path tempNow = now.resolveSibling(temp.getFileName());
                if (!Files.exists(tempNow, LinkOption.NOFOLLOW_LINKS)) {
                    throw new NoSuchItemException("the file was moved to another folder while its content arrived");
                }
                Files.move(tempNow, now, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                target = now;
            }
            syncFolder(target.getParent());
        } finally {
            if (!Files.deleteIfExists(temp)) {
                Files.deleteIfExists(moved(temp, entry, fileId));
            }
        }
        return item(entry, attributes(target, fileId));
    }

    /** Where a temporary file beside the entry's file is now, if the file's folder was renamed. */
    private Path moved(Path temp, IdCatalogue.Entry entry, String id) {
        try {
            return realPath(entry, id).resolveSibling(temp.getFileName());
        } catch (StoreException e) {
            return temp;
        }
    }

    @Override
    public Item move(String id, String folderId, String name) {
        IdCatalogue.Entry entry = entry(id);
        // an item keeps the name it has even if the rules for new names would refuse it
        String checked = name.equals(entry.name()) ? name : ItemNames.check(name);
        IdCatalogue.Entry folder = entry(folderId);
        synchronized (writes) {
            Path source = ownPath(entry, id);
            if (IdCatalogue.isBelow(folder, entry)) {
                throw new NotAllowedException("a folder cannot be moved into itself");
            }
            Path target = inFolder(folderPath(folder, folderId), checked);
            if (!source.equals(target)) {
                // never replaces: checked under the lock that every write here takes (a writer outside
                // docbridge could still race it; rename(2) has no portable no-replace form in Java)
                if (Files.exists(target, LinkOption.NOFOLLOW_LINKS) && !isSameFile(source, target)) {
                    throw new NameTakenException("the folder already holds an item named '" + checked + "'");
                }
                // announced first, so that a crash between the rename and its record loses no id
                try {
                    catalogue.beginMove(entry, folder, checked);
                } catch (IOException e) {
                    throw new UncheckedIOException("the id catalogue could not be written", e);
                }
                try {
                    Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException e) {
                    catalogue.abortMove(entry, folder, checked);
                    sync();
                    throw new StoreException("'" + entry.name() + "' could not be moved or renamed", e);
                }
                syncFolder(target.getParent());
                if (!source.getParent().equals(target.getParent())) {
                    syncFolder(source.getParent());
                }
            }
            try {
                catalogue.move(entry, folder, checked);
            } catch (RuntimeException e) {
                catalogue.abortMove(entry, folder, checked);
                sync();
                throw e;
            }
            sync();
            return item(entry, attributes(target, id));
        }
    }

    @Override
    public Item rename(String id, String name) {
        IdCatalogue.Entry entry = entry(id);
        IdCatalogue.Entry parent = entry.parent();
        if (parent == null) {
            throw new NotAllowedException("the root folder can be neither moved, renamed nor deleted");
        }
        return move(id, parent.id, name);
    }

    /**
     * Renames the item to a hidden name first (one atomic step: from then on nobody can list, open or
     * write into it, and its ids answer NoSuchItem), then removes what it holds. Files already open,
     * such as a running download, are read to their end.
     */
    @Override
    public void delete(String id) {
        IdCatalogue.Entry entry = entry(id);
        Path doomed;
        synchronized (writes) {
            Path path = ownPath(entry, id);
            doomed = path.resolveSibling(TRASH_PREFIX + IdCatalogue.randomToken());
            try {
                Files.move(path, doomed, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                throw new StoreException("'" + entry.name() + "' could not be deleted", e);
            }
            catalogue.forget(entry);
            sync();
        }
        syncFolder(doomed.getParent());
        try {
            deleteTree(doomed);
        } catch (IOException e) {
            // the item is gone for every client; only disk space is left to reclaim
            LOG.warning(() -> "Deleted '" + entry.name() + "', but part of its content could not be removed and stays"
                    + " in the hidden folder " + root.relativize(doomed) + " of the store (" + e + "); remove it by hand");
        }
    }

    /** Removes temporary files that an upload interrupted by a stop left in the file's folder. */
    @Override
    public void discardInterruptedUploads(String fileId) {
        IdCatalogue.Entry entry = catalogue.find(fileId);
        if (entry == null || entry.parent() == null) {
            return;
        }
        Path folder;
        try {
            folder = realPath(entry.parent(), fileId);
        } catch (StoreException e) {
            return;
        }
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(folder, TEMP_PREFIX + "*.tmp")) {
            for (Path temp : stream) {
                try {
                    if (Files.deleteIfExists(temp)) {
                        LOG.info(() -> "Removed the temporary file of an upload interrupted by a stop, in the folder of '"
                                + entry.name() + "'");
                    }
                } catch (IOException e) {
                    LOG.warning(() -> "Could not remove " + temp.getFileName() + " beside '" + entry.name() + "': " + e);
                }
            }
        } catch (IOException e) {
            LOG.warning(() -> "Could not look for interrupted uploads beside '" + entry.name() + "': " + e);
        }
    }

    /**
     * The item itself for a write: its folder's real path plus its own name, so that a symlink is
     * moved or deleted as a link and never the folder it points to. Refuses the root and anything
     * holding docbridge's own state.
     */
    private Path ownPath(IdCatalogue.Entry entry, String id) {
        IdCatalogue.Entry parent = entry.parent();
        if (parent == null) {
            throw new NotAllowedException("the root folder can be neither moved, renamed nor deleted");
        }
        Path path = inFolder(realPath(parent, id), entry.name());
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            throw gone(id);
        }
        if (excluded != null && excluded.startsWith(path)) {
            throw new NotAllowedException("this folder holds docbridge's own state");
        }
        return path;
    }

    private static Path inFolder(Path folder, String name) {
        try {
            return folder.resolve(name);
        } catch (java.nio.file.InvalidPathException e) {
            throw new InvalidNameException("the server cannot store this name (its locale is not UTF-8)");
        }
    }

    /** Gives the new content the old file's permissions (best effort: not every file system has them). */
    private static void keepPermissions(Path from, Path to) {
        try {
            Files.setPosixFilePermissions(to, Files.getPosixFilePermissions(from));
        } catch (IOException | UnsupportedOperationException e) {
            // the new file keeps the server's default permissions
        }
    }

    /**
     * Deletes a file, or a folder and all it holds; symlinks inside are removed, never followed.
     * Where the platform offers it, the walk goes by open folder handles (openat), so that a folder
     * swapped for a symlink during the walk is never entered.
     */
    private static void deleteTree(Path path) throws IOException {
        if (!Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            Files.delete(path);
            return;
        }
        boolean secure;
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(path)) {
            secure = stream instanceof SecureDirectoryStream<Path> sds;
            if (secure) {
                empty((SecureDirectoryStream<Path>) stream);
            }
        }
        if (secure) {
            Files.delete(path);
        } else {
            deleteTreeByPath(path);
        }
    }

    private static void empty(SecureDirectoryStream<Path> dir) throws IOException {
        List<Path> names = new ArrayList<>();
        for (Path child : dir) {
            names.add(child.getFileName());
        }
        for (Path name : names) {
            BasicFileAttributes attrs = dir.getFileAttributeView(name, BasicFileAttributeView.class,
                    LinkOption.NOFOLLOW_LINKS).readAttributes();
            if (attrs.isDirectory()) {
                try (SecureDirectoryStream<Path> sub = dir.newDirectoryStream(name, LinkOption.NOFOLLOW_LINKS)) {
                    empty(sub);
                }
                dir.deleteDirectory(name);
            } else {
                dir.deleteFile(name);
            }
        }
    }

    private static void deleteTreeByPath(Path path) throws IOException {
        Files.walkFileTree(path, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException failure) throws IOException {
                if (failure != null) {
                    throw failure;
                }
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private Path folderPath(IdCatalogue.Entry folder, String id) {
        Path dir = realPath(folder, id);
        if (!Files.isDirectory(dir)) {
            throw new WrongKindException("the item is a file, not a folder", true);
        }
        return dir;
    }

    /** The same directory entry (a case-only rename on a case-insensitive file system); links not followed. */
    private static boolean isSameFile(Path a, Path b) {
        try {
            Object key = Files.readAttributes(a, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
            return key != null
                    && key.equals(Files.readAttributes(b, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey());
        } catch (IOException e) {
            return false;
        }
    }

    private static void syncFolder(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // not every file system can sync a folder; the rename itself is atomic
        }
    }

    @Override
    public void close() throws IOException {
        catalogue.close();
    }

    // --- resolution ------------------------------------------------------------------------------

    private IdCatalogue.Entry entry(String id) {
        IdCatalogue.Entry entry = ROOT_ID.equals(id) || IdCatalogue.isWellFormed(id) ? catalogue.find(id) : null;
        if (entry == null) {
            throw new NoSuchItemException("no document or folder has this id");
        }
        return entry;
    }

    /** The entry's real path, or NoSuchItem if it is gone or resolves outside what is served. */
    private Path realPath(IdCatalogue.Entry entry, String id) {
        if (entry == catalogue.root()) {
            return root;
        }
        try {
            Path path = root;
            for (String name : IdCatalogue.names(entry)) {
                path = path.resolve(name);
            }
            Path real = path.toRealPath();
            if (!isServed(real)) {
                throw gone(id);
            }
            return real;
        } catch (IOException | java.nio.file.InvalidPathException e) {
            throw gone(id);
        }
    }

    private boolean isServed(Path real) {
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

    /** A directory entry worth listing: what it is (a link's target), and whether it is a link. */
    private record Listed(BasicFileAttributes attrs, boolean link) {
    }

    /** Attributes of a directory entry worth listing, or null when it must stay invisible. */
    private Listed servableAttributes(Path child, String name) {
        if (!Names.isServable(name) || (excluded != null && child.equals(excluded))) {
            return null;
        }
        try {
            BasicFileAttributes attrs = Files.readAttributes(child, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            boolean link = attrs.isSymbolicLink();
            if (link) {
                if (!isServed(child.toRealPath())) {
                    return null;
                }
                attrs = Files.readAttributes(child, BasicFileAttributes.class);
            }
            return attrs.isRegularFile() || attrs.isDirectory() ? new Listed(attrs, link) : null;
        } catch (IOException e) {
            return null; // vanished meanwhile, or a dangling link
        }
    }

    private BasicFileAttributes attributes(Path path, String id) {
        try {
            BasicFileAttributes attrs = Files.readAttributes(path, BasicFileAttributes.class);
            if (!attrs.isRegularFile() && !attrs.isDirectory()) {
                throw gone(id);
            }
            return attrs;
        } catch (IOException e) {
            throw gone(id);
        }
    }

    private IdCatalogue.Entry materialise(IdCatalogue.Entry from, List<String> trail) {
        IdCatalogue.Entry entry = from;
        for (String name : trail) {
            entry = catalogue.childOrCreate(entry, name);
        }
        return entry;
    }

    private void sync() {
        try {
            catalogue.sync();
        } catch (IOException e) {
            throw new UncheckedIOException("the id catalogue could not be written", e);
        }
    }

    private static Item item(IdCatalogue.Entry entry, BasicFileAttributes attrs) {
        return item(entry.id, entry.name(), attrs, false);
    }

    private static Item item(String id, String name, BasicFileAttributes attrs, boolean alias) {
        boolean folder = attrs.isDirectory();
        return new Item(id, name, folder, folder ? 0 : attrs.size(), attrs.lastModifiedTime().toInstant(), alias);
    }

    /** A folder still to be searched, and the names that lead to it from the search's start. */
    private record Pending(Path dir, List<String> trail) {
    }

    private static List<String> append(List<String> trail, String name) {
        List<String> longer = new ArrayList<>(trail.size() + 1);
        longer.addAll(trail);
        longer.add(name);
        return longer;
    }

    private static NoSuchItemException gone(String id) {
        return new NoSuchItemException("no document or folder has this id");
    }
}
