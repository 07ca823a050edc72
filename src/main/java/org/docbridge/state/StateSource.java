package org.docbridge.state;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Optional;
import java.util.concurrent.Executor;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;

/**
 * Opens the state database the settings name: a datasource of the application server
 * ({@code docbridge.db.jndi}), a database at a JDBC URL ({@code docbridge.db.url}, with
 * {@code docbridge.db.user} and {@code docbridge.db.password} or {@code docbridge.db.password-file}),
 * or else the embedded H2 file in the state folder. A setting that does not work stops the start with
 * a message naming it.
 */
public final class StateSource {

    /** The SQL dialect docbridge writes: H2 is put in PostgreSQL's. */
    static final String H2_MODE = ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";

    /**
     * How long a statement on H2 waits for a row another transaction holds, in milliseconds; H2's own
     * default is 2 s. Every write takes its turn on the change feed's one row: under the crash suite's
     * load (fifty Send To uploads at once) a write waited up to 4.5 s for it, and with 2 s a request
     * that lost five turns in a row answered 500 (SQL state HYT00). PostgreSQL, docbridge's other
     * database, waits without a limit.
     */
    static final int H2_LOCK_TIMEOUT_MILLIS = 10_000;

    /** The settings, as given (absent when unset or blank). */
    public record Settings(Optional<String> url, Optional<String> user, Optional<String> password,
            Optional<String> passwordFile, Optional<String> jndi) {

        public static Settings embedded() {
            return new Settings(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
        }
    }

    private StateSource() {
    }

    /** Opens the database; its connections are tried once here, so that bad settings fail the start. */
    public static Database open(Settings settings, Path stateFolder) {
        if (settings.jndi().isPresent()) {
            if (settings.url().isPresent()) {
                throw new IllegalStateException("docbridge.db.jndi and docbridge.db.url are both set; set only one:"
                        + " the server's datasource, or a JDBC URL for docbridge's own pool");
            }
            return fromServer(settings.jndi().get());
        }
        if (settings.url().isPresent()) {
            String url = settings.url().get().trim();
            String upper = url.toUpperCase(java.util.Locale.ROOT);
            if (url.startsWith("jdbc:h2:")) {
                url += (upper.contains(";MODE=") ? "" : H2_MODE)
                        + (upper.contains(";LOCK_TIMEOUT=") ? "" : ";LOCK_TIMEOUT=" + H2_LOCK_TIMEOUT_MILLIS);
            } else if (!url.startsWith("jdbc:postgresql:")) {
                throw new IllegalStateException("docbridge.db.url: '" + safe(url) + "' is not a database docbridge"
                        + " works with; give a PostgreSQL URL such as jdbc:postgresql://db-host:5432/docbridge, or leave"
                        + " it unset for the embedded database");
            }
            String password = password(settings);
            HikariConfig config = pool(url, settings.user().orElse(null), password);
            if (url.startsWith("jdbc:postgresql:")) {
                config.addDataSourceProperty("ApplicationName", "docbridge");
                config.addDataSourceProperty("connectTimeout", "5");
                config.addDataSourceProperty("socketTimeout", "60");
            }
            String description = url.startsWith("jdbc:postgresql:") ? "PostgreSQL at " + safe(url) : "H2 at " + safe(url);
            return start(config, description, settings.user().orElse(""));
        }
        Path file = stateFolder.resolve("docbridge").toAbsolutePath();
        String url = "jdbc:h2:file:" + file + H2_MODE + ";LOCK_TIMEOUT=" + H2_LOCK_TIMEOUT_MILLIS
                + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE" + UncleanStop.URL_SETTING;
        return start(pool(url, "sa", ""), "the embedded database in " + stateFolder.toAbsolutePath(), "sa");
    }

    private static HikariConfig pool(String url, String user, String password) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("docbridge-state");
        config.setJdbcUrl(url);
        config.setDriverClassName(url.startsWith("jdbc:h2:") ? "org.h2.Driver" : "org.postgresql.Driver");
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(16);
        config.setMinimumIdle(2);
        // a request waits this long for a connection, then answers 503: the database is away
        config.setConnectionTimeout(5_000);
        config.setValidationTimeout(2_000);
        config.setInitializationFailTimeout(1);
        if (url.startsWith("jdbc:h2:")) {
            config.setExceptionOverride(new EmbeddedRecovery());
        }
        return config;
    }

    private static Database start(HikariConfig config, String description, String user) {
        try {
            HikariDataSource pool = new HikariDataSource(config);
            if (config.getExceptionOverride() instanceof EmbeddedRecovery recovery) {
                recovery.attach(pool);
            }
            return new Database(pool, description, pool);
        } catch (HikariPool.PoolInitializationException e) {
            throw new IllegalStateException(explain(e.getCause(), description, user), e);
        } catch (RuntimeException e) {
            throw new IllegalStateException("docbridge.db.url: the database (" + description + ") cannot be opened: "
                    + e.getMessage(), e);
        }
    }

    /** Names the setting to fix for a failed first connection. */
    static String explain(Throwable cause, String description, String user) {
        String state = cause instanceof SQLException s && s.getSQLState() != null ? s.getSQLState() : "";
        String detail = cause == null ? "no detail" : cause.getMessage();
        if (state.startsWith("28")) {
            return "docbridge.db.user / docbridge.db.password (or docbridge.db.password-file): " + description
                    + " refused the login of user '" + user + "' (" + detail + ")";
        }
        if (state.equals("3D000")) {
            return "docbridge.db.url: " + description + " has no such database (" + detail
                    + "); create it, owned by the user docbridge logs in as";
        }
        if (state.equals("90020")) {
            return "the embedded database is in use by another process (" + detail + "); one server per data folder,"
                    + " or set docbridge.db.url to a PostgreSQL database that several servers share";
        }
        return "docbridge.db.url: cannot connect to " + description + " (" + detail + ")";
    }

    private static String password(Settings settings) {
        return org.docbridge.runtime.Settings.secret("docbridge.db.password", settings.password(),
                "docbridge.db.password-file", settings.passwordFile());
    }

    private static Database fromServer(String name) {
        try {
            Object found = new InitialContext().lookup(name);
            if (!(found instanceof DataSource source)) {
                throw new IllegalStateException("docbridge.db.jndi: '" + name + "' is not a datasource ("
                        + (found == null ? "nothing" : found.getClass().getName()) + ")");
            }
            Database database = new Database(source, "the server's datasource " + name, null, managedThreads());
            database.read(c -> c.isValid(5)); // fails the start now rather than the first request
            return database;
        } catch (NamingException e) {
            throw new IllegalStateException("docbridge.db.jndi: the server defines no datasource named '" + name
                    + "' (" + e.getMessage() + "); define it, or set docbridge.db.url instead", e);
        } catch (StateException e) {
            throw new IllegalStateException("docbridge.db.jndi: the datasource '" + name + "' gives no connection ("
                    + e.getCause().getMessage() + ")", e);
        }
    }

    /** The server's managed threads: they carry no JTA transaction (Jakarta Concurrency clears it). */
    private static Executor managedThreads() {
        try {
            return (Executor) new InitialContext().lookup("java:comp/DefaultManagedExecutorService");
        } catch (NamingException | ClassCastException e) {
            throw new IllegalStateException("docbridge.db.jndi: the server offers no java:comp/DefaultManagedExecutorService"
                    + " to run the datasource's work outside its transactions (" + e.getMessage() + ")", e);
        }
    }

    /** The URL without anything that could be a credential (a password given as a URL parameter). */
    static String safe(String url) {
        int q = url.indexOf('?');
        String base = q < 0 ? url : url.substring(0, q);
        int semi = base.startsWith("jdbc:h2:") ? base.indexOf(';') : -1;
        return semi < 0 ? base : base.substring(0, semi);
    }
}
