package org.docbridge.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.SeekableByteChannel;
import java.util.List;

/**
 * The extension point for document back ends: everything docbridge needs from the place where
 * documents live. Implementations know nothing of HTTP; they speak in {@link Item}s and ids and
 * signal problems with {@link StoreException}s.
 *
 * <p>Ids are the store's to make. They must be stable (the same item keeps its id across calls and
 * restarts), URL-safe, at most {@link #MAX_ID_LENGTH} characters, and no id a client invents may
 * reach anything outside the store. Unknown ids answer {@link NoSuchItemException}.
 */
public interface DocumentStore {

    /** The id of the root folder. */
    String ROOT_ID = "/";

    /** Workfront keeps ids as "external document ids" of at most this many characters. */
    int MAX_ID_LENGTH = 255;

    /** The item with this id, freshly read. */
    Item get(String id);

    /**
     * Proves that the store can be read and written now (for the readiness check): reads the root
     * and writes, forces and removes a hidden file there; an exception says what failed.
     */
    void probe() throws IOException;

    /** The bytes free for the store's files on their file system. */
    long usableBytes() throws IOException;

    /**
     * The names from the root down to the item (empty for the root): what access rules, which name
     * folders by path, are matched against.
     */
    List<String> trail(String id);

    /**
     * The names from the root down to where the item's content really is: the same as {@link #trail}
     * unless the item, or a folder above it, is a link to another place in the store.
     */
    default List<String> targetTrail(String id) {
        return trail(id);
    }

    /**
     * The ids of the items already known along {@code trail}, from the root's down: as far as ids
     * were handed out (no new ids are made).
     */
    List<String> idsAlong(List<String> trail);

    /**
     * The id of the item at {@code trail} (names from the root), given one if it has none yet;
     * NoSuchItem if nothing is there.
     */
    String idAt(List<String> trail);

    /** The id of the item's folder; null for the root. */
    String parentId(String id);

    /** The direct children of a folder, in no particular order. */
    List<Item> children(String folderId);

    /**
     * Items below a folder (at any depth) whose name contains {@code text}, ignoring case, as plain
     * text. At most {@code limit} items; which ones are returned when there are more is unspecified.
     */
    List<Item> search(String folderId, String text, int limit);

    /** Opens a file for reading; the caller closes the channel. */
    Content open(String id) throws IOException;

    // --- writing ------------------------------------------------------------------------------
    // Names are checked with ItemNames (InvalidNameException) and never replace an existing item
    // (NameTakenException). The root can be neither moved nor deleted (NotAllowedException).
    //
    // Each write takes a `check`: run under the store's write lock just before the change takes
    // effect, it throws to refuse it. That is where permissions and locks are checked again, so that
    // a write decided at the start of a long upload still obeys a lock placed meanwhile.

    /** A check that never refuses. */
    Runnable NO_CHECK = () -> { };

    /** Creates an empty folder. */
    Item createFolder(String parentId, String name, Runnable check);

    default Item createFolder(String parentId, String name) {
        return createFolder(parentId, name, NO_CHECK);
    }

    /** Creates an empty file, to be filled by {@link #replaceContent}. */
    Item createFile(String parentId, String name, Runnable check);

    default Item createFile(String parentId, String name) {
        return createFile(parentId, name, NO_CHECK);
    }

    /**
     * Creates a file holding all that {@code data} yields, under the first of {@code names} that is
     * free: it appears complete or not at all, and a failure leaves nothing behind.
     * {@link NameTakenException} if every name is taken.
     */
    Item createFile(String parentId, java.util.Iterator<String> names, InputStream data, long maxBytes, Runnable check)
            throws IOException;

    default Item createFile(String parentId, java.util.Iterator<String> names, InputStream data, long maxBytes)
            throws IOException {
        return createFile(parentId, names, data, maxBytes, NO_CHECK);
    }

    /**
     * Replaces a file's content with all that {@code data} yields, atomically: a reader sees the old
     * bytes or the new, never a part, and a failure (including more than {@code maxBytes}, which
     * answers {@link TooLargeException}, or a refusal by {@code check}) leaves the old content and no
     * partial file.
     */
    Item replaceContent(String fileId, InputStream data, long maxBytes, Runnable check) throws IOException;

    default Item replaceContent(String fileId, InputStream data, long maxBytes) throws IOException {
        return replaceContent(fileId, data, maxBytes, NO_CHECK);
    }

    /** Moves and/or renames an item into {@code folderId} as {@code name}; its id and every id below stay. */
    Item move(String id, String folderId, String name, Runnable check);

    default Item move(String id, String folderId, String name) {
        return move(id, folderId, name, NO_CHECK);
    }

    /** Renames an item in its folder; its id and every id below stay. */
    default Item rename(String id, String name, Runnable check) {
        String parent = parentId(id);
        if (parent == null) {
            throw new NotAllowedException("the root folder can be neither moved, renamed nor deleted");
        }
        return move(id, parent, name, check);
    }

    default Item rename(String id, String name) {
        return rename(id, name, NO_CHECK);
    }

    /** Deletes an item, a folder with all it holds; its id and those below answer NoSuchItem from then on. */
    void delete(String id, Runnable check);

    default void delete(String id) {
        delete(id, NO_CHECK);
    }

    /**
     * Runs {@code action} while no write of this store can take effect: what it decides (a lock
     * placed, for example) is seen by the checks of every write that follows.
     */
    <T> T exclusively(java.util.function.Supplier<T> action);

    /**
     * Called at start, before any request, for each file whose upload may have been running when the
     * server stopped: removes whatever such an upload left behind. Nothing by default.
     */
    default void discardInterruptedUploads(String fileId) {
    }

    /** An opened file: the item as it was when opened, and a channel positioned at 0. */
    record Content(Item item, SeekableByteChannel channel) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            channel.close();
        }
    }
}
