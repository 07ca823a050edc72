package org.docbridge.store.filesystem;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.docbridge.store.filesystem.CatalogueRows.Row;

/**
 * The rows of the catalogue this node keeps in memory: bounded (least recently used go first), and
 * dropped by id when the change feed or a write of this node says they changed. A row read from the
 * database before such a drop is not cached after it: each fill is tied to the count of drops
 * ({@link #epoch}) taken before its read.
 */
final class RowCache {

    private final Cache<String, Row> rows;
    private final AtomicLong epoch = new AtomicLong();

    RowCache(int maxRows) {
        this.rows = Caffeine.newBuilder().maximumSize(maxRows).build();
    }

    Row get(String id) {
        return rows.getIfPresent(id);
    }

    /** Taken before a read whose rows are to be cached. */
    long epoch() {
        return epoch.get();
    }

    /** Caches the rows (of a chain up to the root, but the root) read since {@code before}, unless a drop came between. */
    void fill(List<Row> chain, long before) {
        if (epoch.get() == before) {
            for (Row row : chain) {
                if (row.parentId() != null) {
                    rows.put(row.id(), row);
                }
            }
        }
    }

    /** Caches what a listing of {@code parentId} found (name to id), unless a drop came between. */
    void fill(String parentId, Map<String, String> ids, long before) {
        if (epoch.get() == before) {
            ids.forEach((name, id) -> rows.put(id, new Row(id, parentId, name, 0)));
        }
    }

    void drop(Collection<String> ids) {
        epoch.incrementAndGet();
        rows.invalidateAll(ids);
    }

    void dropAll() {
        epoch.incrementAndGet();
        rows.invalidateAll();
    }
}
