package org.docbridge.state.upgrade;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;

/** Freshly migrated databases and journal files for the import tests. */
final class Databases {

    private Databases() {
    }

    /**
     * An embedded H2 database in {@code dir}, migrated; or, when the system property
     * {@code docbridge.test.db.url} names one (a throwaway PostgreSQL), that database, emptied and
     * migrated ({@code docbridge.test.db.user}, {@code docbridge.test.db.password}).
     */
    static Connection migrated(Path dir) throws SQLException {
        String url = System.getProperty("docbridge.test.db.url");
        String user = System.getProperty("docbridge.test.db.user", "sa");
        String password = System.getProperty("docbridge.test.db.password", "");
        if (url == null) {
            url = "jdbc:h2:file:" + dir.toAbsolutePath().resolve("db")
                    + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
        }
        Flyway flyway = Flyway.configure().dataSource(url, user, password).locations("classpath:db/migration")
                .cleanDisabled(false).load();
        if (System.getProperty("docbridge.test.db.url") != null) {
            flyway.clean();
        }
        flyway.migrate();
        return DriverManager.getConnection(url, user, password);
    }

    /** Writes {@code records} as a journal the previous versions wrote: each line checksummed. */
    static void journal(Path file, String... records) throws IOException {
        try (JournalWriter journal = new JournalWriter(file)) {
            for (String r : records) {
                journal.append(r);
            }
            journal.sync();
        }
    }

    static long count(Connection db, String sql) throws SQLException {
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Each row's columns joined by '|', in the query's order. */
    static List<String> rows(Connection db, String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    row.append(i > 1 ? "|" : "").append(rs.getString(i));
                }
                rows.add(row.toString());
            }
        }
        return rows;
    }
}
