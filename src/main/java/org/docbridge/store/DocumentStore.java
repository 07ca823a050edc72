package org.docbridge.store;

import java.io.IOException;
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

    /** The direct children of a folder, in no particular order. */
    List<Item> children(String folderId);

    /**
     * Items below a folder (at any depth) whose name contains {@code text}, ignoring case, as plain
     * text. At most {@code limit} items; which ones are returned when there are more is unspecified.
     */
    List<Item> search(String folderId, String text, int limit);

    /** Opens a file for reading; the caller closes the channel. */
    Content open(String id) throws IOException;

    /** An opened file: the item as it was when opened, and a channel positioned at 0. */
    record Content(Item item, SeekableByteChannel channel) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            channel.close();
        }
    }
}
