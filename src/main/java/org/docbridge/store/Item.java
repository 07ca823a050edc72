package org.docbridge.store;

import java.time.Instant;

/**
 * One document or folder as a store sees it, at the moment it was read.
 *
 * @param id       the stable, opaque id ({@link DocumentStore#ROOT_ID} for the root)
 * @param name     the display name (the file or folder name)
 * @param folder   whether it is a folder
 * @param size     bytes for a file, 0 for a folder
 * @param modified last modification time
 * @param alias    whether it is reached through a link to another place in the store (its content
 *                 lies elsewhere: see {@link DocumentStore#targetTrail})
 */
public record Item(String id, String name, boolean folder, long size, Instant modified, boolean alias) {

    public Item(String id, String name, boolean folder, long size, Instant modified) {
        this(id, name, folder, size, modified, false);
    }

    public boolean isRoot() {
        return DocumentStore.ROOT_ID.equals(id);
    }
}
