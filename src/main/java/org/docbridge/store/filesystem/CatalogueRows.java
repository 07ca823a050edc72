package org.docbridge.store.filesystem;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.docbridge.state.StateException;
import org.docbridge.store.ItemNames;

/** The SQL of the {@link IdCatalogue}: rows of the {@code items} and {@code pending_moves} tables. */
final class CatalogueRows {

    /** One row of {@code items}: the root's parentId is null. */
    record Row(String id, String parentId, String name, long missingSince) {
    }

    /** A move announced and not yet followed: the item, and where it goes. */
    record PendingMove(String id, String parentId, String name) {
    }

    /** How often a transaction is tried when the database aborts it for a conflict with another. */
    static final int ATTEMPTS = org.docbridge.state.Database.CONFLICT_ATTEMPTS;

    /** Deeper than any file system allows: a chain this long can only be a loop. */
    static final int MAX_DEPTH = 4096;

    private CatalogueRows() {
    }

    /** The item's row, then its parent's, and so on up to the root; empty if the id is unknown. */
    static List<Row> chain(Connection c, String id) throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (PreparedStatement q = c.prepareStatement("WITH RECURSIVE up (id, parent_id, name, missing_since, depth) AS ("
                + " SELECT id, parent_id, name, missing_since, 0 FROM items WHERE id = ?"
                + " UNION ALL SELECT i.id, i.parent_id, i.name, i.missing_since, up.depth + 1"
                + " FROM items i JOIN up ON i.id = up.parent_id WHERE up.depth < " + MAX_DEPTH + ")"
                + " SELECT id, parent_id, name, missing_since FROM up ORDER BY depth")) {
            q.setString(1, id);
            try (ResultSet r = q.executeQuery()) {
                while (r.next()) {
                    rows.add(row(r));
                }
            }
        }
        return rows;
    }

    static Map<String, Row> children(Connection c, String parentId) throws SQLException {
        Map<String, Row> rows = new HashMap<>();
        try (PreparedStatement q = c.prepareStatement(
                "SELECT id, parent_id, name, missing_since FROM items WHERE parent_id = ?")) {
            q.setString(1, parentId);
            q.setFetchSize(1000);
            try (ResultSet r = q.executeQuery()) {
                while (r.next()) {
                    Row row = row(r);
                    rows.put(row.name(), row);
                }
            }
        }
        return rows;
    }

    /** A row's id and the change feed version that gave it its name. */
    record Named(String id, long namedAt) {
    }

    static Named childNamed(Connection c, String parentId, String name) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT id, named_at FROM items WHERE parent_id = ? AND name = ?")) {
            q.setString(1, parentId);
            q.setString(2, name);
            try (ResultSet r = q.executeQuery()) {
                return r.next() ? new Named(r.getString(1), r.getLong(2)) : null;
            }
        }
    }

    static String childId(Connection c, String parentId, String name) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT id FROM items WHERE parent_id = ? AND name = ?")) {
            q.setString(1, parentId);
            q.setString(2, name);
            try (ResultSet r = q.executeQuery()) {
                return r.next() ? r.getString(1) : null;
            }
        }
    }

    /**
     * Adds the rows not yet there (by id or place), with their search keys, stamped with the change
     * feed's {@code version}; the counts say which were added (1) or not (0).
     *
     * @param folders the names among the rows known to be folders; null when no kind is known
     */
    static int[] insert(Connection c, List<Row> rows, Set<String> folders, long version) throws SQLException {
        try (PreparedStatement add = c.prepareStatement("INSERT INTO items (id, parent_id, name, name_key, folder,"
                + " named_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
            for (Row row : rows) {
                bind(add, row, folders == null ? null : folders.contains(row.name()), version);
                add.addBatch();
            }
            return add.executeBatch();
        }
    }

    /**
     * Whether an insert failed because its parent row is gone: PostgreSQL's foreign key violation
     * (23503), H2's "parent missing" (23506; H2 keeps 23503 for a delete that children block).
     */
    static boolean parentMissing(SQLException e) {
        return "23503".equals(e.getSQLState()) || "23506".equals(e.getSQLState());
    }

    /** Adds one row; fails (23505) if its id or its place is taken, which the caller's retry settles. */
    static void insertOne(Connection c, Row row, boolean folder, long version) throws SQLException {
        try (PreparedStatement add = c.prepareStatement("INSERT INTO items (id, parent_id, name, name_key, folder,"
                + " named_at) VALUES (?, ?, ?, ?, ?, ?)")) {
            bind(add, row, folder, version);
            add.executeUpdate();
        }
    }

    private static void bind(PreparedStatement add, Row row, Boolean folder, long version) throws SQLException {
        add.setString(1, row.id());
        add.setString(2, row.parentId());
        add.setString(3, row.name());
        add.setString(4, ItemNames.searchKey(row.name()));
        if (folder == null) {
            add.setNull(5, Types.BOOLEAN);
        } else {
            add.setBoolean(5, folder);
        }
        add.setLong(6, version);
    }

    /** The rows of these ids that exist, by id. */
    static Map<String, Row> byIds(Connection c, List<String> ids) throws SQLException {
        Map<String, Row> rows = new HashMap<>(ids.size() * 2);
        if (ids.isEmpty()) {
            return rows;
        }
        StringBuilder sql = new StringBuilder("SELECT id, parent_id, name, missing_since FROM items WHERE id IN (");
        for (int i = 0; i < ids.size(); i++) {
            sql.append(i == 0 ? "?" : ", ?");
        }
        try (PreparedStatement q = c.prepareStatement(sql.append(')').toString())) {
            for (int i = 0; i < ids.size(); i++) {
                q.setString(i + 1, ids.get(i));
            }
            try (ResultSet r = q.executeQuery()) {
                while (r.next()) {
                    Row row = row(r);
                    rows.put(row.id(), row);
                }
            }
        }
        return rows;
    }

    static int delete(Connection c, String id) throws SQLException {
        try (PreparedStatement d = c.prepareStatement("DELETE FROM items WHERE id = ?")) {
            d.setString(1, id);
            return d.executeUpdate();
        }
    }

    static int place(Connection c, String id, String parentId, String name, long version) throws SQLException {
        try (PreparedStatement u = c.prepareStatement("UPDATE items SET parent_id = ?, name = ?, name_key = ?,"
                + " named_at = ?, missing_since = 0 WHERE id = ?")) {
            u.setString(1, parentId);
            u.setString(2, name);
            u.setString(3, ItemNames.searchKey(name));
            u.setLong(4, version);
            u.setString(5, id);
            return u.executeUpdate();
        }
    }

    static void missingSince(Connection c, List<String> ids, long since) throws SQLException {
        if (ids.isEmpty()) {
            return;
        }
        try (PreparedStatement u = c.prepareStatement("UPDATE items SET missing_since = ? WHERE id = ?")) {
            for (String id : ids) {
                u.setLong(1, since);
                u.setString(2, id);
                u.addBatch();
            }
            u.executeBatch();
        }
    }

    /** Moves announced into {@code parentId}, by target name. */
    static Map<String, String> pendingInto(Connection c, String parentId) throws SQLException {
        Map<String, String> byName = new HashMap<>();
        try (PreparedStatement q = c.prepareStatement("SELECT id, name FROM pending_moves WHERE parent_id = ?")) {
            q.setString(1, parentId);
            try (ResultSet r = q.executeQuery()) {
                while (r.next()) {
                    byName.put(r.getString(2), r.getString(1));
                }
            }
        }
        return byName;
    }

    static boolean isMoving(Connection c, String id) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT 1 FROM pending_moves WHERE id = ?")) {
            q.setString(1, id);
            try (ResultSet r = q.executeQuery()) {
                return r.next();
            }
        }
    }

    static void announce(Connection c, PendingMove move, String node, long now) throws SQLException {
        endMove(c, move.id());
        try (PreparedStatement add = c.prepareStatement(
                "INSERT INTO pending_moves (id, parent_id, name, node, since) VALUES (?, ?, ?, ?, ?)")) {
            add.setString(1, move.id());
            add.setString(2, move.parentId());
            add.setString(3, move.name());
            add.setString(4, node);
            add.setLong(5, now);
            add.executeUpdate();
        }
    }

    static void endMove(Connection c, String id) throws SQLException {
        try (PreparedStatement d = c.prepareStatement("DELETE FROM pending_moves WHERE id = ?")) {
            d.setString(1, id);
            d.executeUpdate();
        }
    }

    /** This node's announced moves, and any node's older than {@code before} (that node is gone). */
    static List<PendingMove> unsettled(Connection c, String node, long before) throws SQLException {
        List<PendingMove> moves = new ArrayList<>();
        try (PreparedStatement q = c.prepareStatement(
                "SELECT id, parent_id, name FROM pending_moves WHERE node = ? OR since < ? ORDER BY since")) {
            q.setString(1, node);
            q.setLong(2, before);
            try (ResultSet r = q.executeQuery()) {
                while (r.next()) {
                    moves.add(new PendingMove(r.getString(1), r.getString(2), r.getString(3)));
                }
            }
        }
        return moves;
    }

    static long count(Connection c) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT count(*) FROM items");
                ResultSet r = q.executeQuery()) {
            r.next();
            return r.getLong(1) - 1; // the root is not an item anybody listed
        }
    }

    private static Row row(ResultSet r) throws SQLException {
        return new Row(r.getString(1), r.getString(2), r.getString(3), r.getLong(4));
    }

    /** Runs a transaction again when the database aborted it for a conflict with another one. */
    static <T> T retrying(java.util.function.Supplier<T> transaction) {
        return org.docbridge.state.Database.retryingConflicts(transaction);
    }
}
