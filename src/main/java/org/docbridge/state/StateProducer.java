package org.docbridge.state;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Collections;
import java.util.Optional;
import java.util.logging.Logger;
import org.docbridge.runtime.DataFolder;
import org.docbridge.state.upgrade.JournalImport;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Opens the state database once per application, from the {@code docbridge.db.*} settings: brings its
 * schema up to date, then offers the {@link Database} and the {@link ChangeFeed} to every component.
 */
@ApplicationScoped
public class StateProducer {

    private static final Logger LOG = Logger.getLogger(StateProducer.class.getName());

    @Inject
    DataFolder data;

    @Inject
    @ConfigProperty(name = "docbridge.db.url")
    Optional<String> url;

    @Inject
    @ConfigProperty(name = "docbridge.db.user")
    Optional<String> user;

    @Inject
    @ConfigProperty(name = "docbridge.db.password")
    Optional<String> password;

    @Inject
    @ConfigProperty(name = "docbridge.db.password-file")
    Optional<String> passwordFile;

    @Inject
    @ConfigProperty(name = "docbridge.db.jndi")
    Optional<String> jndi;

    private Database database;
    private ChangeFeed feed;

    @PostConstruct
    void open() {
        StateSource.Settings settings = new StateSource.Settings(given(url), given(user), given(password),
                given(passwordFile), given(jndi));
        database = StateSource.open(settings, data.state());
        try {
            Migrations.apply(database);
            importJournals();
            feed = new ChangeFeed(database);
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
        LOG.info(() -> "State kept in " + database.description());
    }

    /** An installation of a version before the database keeps its ids, sessions and locks: imported once. */
    private void importJournals() {
        Path state = data.state();
        Path nodeFile = state.resolve("node-id");
        try {
            // the node that settles moves a stop left announced: this server, whose id the store keeps there
            String node = Files.isRegularFile(nodeFile) ? Files.readString(nodeFile, StandardCharsets.UTF_8).trim()
                    : "before-the-database";
            database.outsideServerTransactions(() -> {
                try {
                    return new JournalImport(state, node).importInto(database.dataSource());
                } catch (SQLException e) {
                    throw database.failure(e);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            throw new IllegalStateException("The journal files of an earlier version in " + state
                    + " cannot be imported into the state database: " + e.getMessage()
                    + "; check that the server's user may read and rename them", e);
        }
    }

    @PreDestroy
    void close() {
        if (database != null) {
            database.close();
        }
        // drivers loaded from the WAR would otherwise keep it in memory after an undeploy
        for (Driver driver : Collections.list(DriverManager.getDrivers())) {
            if (driver.getClass().getClassLoader() == StateProducer.class.getClassLoader()) {
                try {
                    DriverManager.deregisterDriver(driver);
                } catch (SQLException e) {
                    LOG.fine(() -> "Could not deregister " + driver + ": " + e);
                }
            }
        }
    }

    @Produces
    Database database() {
        return database;
    }

    @Produces
    ChangeFeed feed() {
        return feed;
    }

    private static Optional<String> given(Optional<String> value) {
        return value.map(String::trim).filter(v -> !v.isEmpty());
    }
}
