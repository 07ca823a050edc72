package org.docbridge.state.upgrade;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * The replayed catalogue, ready for the database: the items in a file, each after its parent (id,
 * parent id, name, as {@code writeUTF} strings), and the moves left to settle. Kept in a file
 * rather than in memory so that the database's work, which needs heap of its own, never runs beside
 * the replay's tree.
 */
final class ItemRows {

    /** Rows per batch: large enough that a million ids go in seconds, small enough for any driver. */
    private static final int BATCH = 2000;

    final Path file;
    final long count;
    final List<CatalogueReplay.PendingMove> pending;
    final long records;
    final long skipped;

    ItemRows(Path file, long count, List<CatalogueReplay.PendingMove> pending, long records, long skipped) {
        this.file = file;
        this.count = count;
        this.pending = List.copyOf(pending);
        this.records = records;
        this.skipped = skipped;
    }

    /** Inserts every item, parents before children, then the moves, for {@code node} to settle. */
    void insert(Connection db, String node, long now) throws IOException, SQLException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16));
             PreparedStatement add = db.prepareStatement("INSERT INTO items (id, parent_id, name) VALUES (?, ?, ?)")) {
            int batched = 0;
            for (long i = 0; i < count; i++) {
                add.setString(1, in.readUTF());
                add.setString(2, in.readUTF());
                add.setString(3, in.readUTF());
                add.addBatch();
                if (++batched == BATCH) {
                    add.executeBatch();
                    batched = 0;
                }
            }
            if (batched > 0) {
                add.executeBatch();
            }
        }
        try (PreparedStatement add = db.prepareStatement(
                "INSERT INTO pending_moves (id, parent_id, name, node, since) VALUES (?, ?, ?, ?, ?)")) {
            for (CatalogueReplay.PendingMove move : pending) {
                add.setString(1, move.id());
                add.setString(2, move.parentId());
                add.setString(3, move.name());
                add.setString(4, node);
                add.setLong(5, now);
                add.addBatch();
            }
            add.executeBatch();
        }
    }
}
