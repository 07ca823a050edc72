package org.docbridge.state;

import java.util.logging.Logger;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Brings the state database's schema up to this version's, from the migrations in
 * {@code db/migration}. Several nodes may start at once: on PostgreSQL, Flyway holds an advisory lock
 * while it migrates, so one node migrates and the others wait, then find the schema current.
 */
public final class Migrations {

    private static final Logger LOG = Logger.getLogger(Migrations.class.getName());

    private Migrations() {
    }

    public static void apply(Database database) {
        database.outsideServerTransactions(() -> {
            migrate(database);
            return null;
        });
    }

    private static void migrate(Database database) {
        try {
            MigrateResult result = Flyway.configure(Migrations.class.getClassLoader())
                    .dataSource(database.dataSource())
                    .locations("classpath:db/migration")
                    .table("docbridge_schema_history")
                    .load()
                    .migrate();
            if (result.migrationsExecuted > 0) {
                LOG.info(() -> "State database (" + database.description() + "): schema brought to version "
                        + result.targetSchemaVersion + " (" + result.migrationsExecuted + " migration(s))");
            } else {
                LOG.info(() -> "State database (" + database.description() + "): schema version "
                        + (result.initialSchemaVersion == null ? "?" : result.initialSchemaVersion) + ", current");
            }
        } catch (FlywayException e) {
            throw new IllegalStateException("The state database (" + database.description()
                    + ") cannot be brought to this version's schema: " + e.getMessage()
                    + ". Give docbridge a database of its own (docbridge.db.url), and run a docbridge at least as new"
                    + " as the one that last used it", e);
        }
    }
}
