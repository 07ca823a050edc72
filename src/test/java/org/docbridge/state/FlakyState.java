package org.docbridge.state;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Optional;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The embedded state database in a test's folder, migrated, whose connection can be made to break on
 * demand as a database server going away would (SQL state 08006): at the next connect, at the next
 * write, or at the next commit (after the transaction's statements ran); or whose disk can be made
 * full, failing every commit as the embedded database does when its file cannot grow, until there is
 * room again. Several {@link ChangeFeed}s on it stand for several nodes.
 */
public final class FlakyState implements AutoCloseable {

    /** Where the next failure strikes. */
    public enum Fault { NONE, CONNECT, WRITE, COMMIT }

    public final Database database;
    private final Database real;
    private volatile Fault fault = Fault.NONE;
    private volatile boolean diskFull;

    private FlakyState(Database real) {
        this.real = real;
        this.database = new Database(new Source(real.dataSource()), "a test's embedded database", real);
    }

    /**
     * The embedded database in {@code folder}; or, when the system property {@code docbridge.test.db.url}
     * names a PostgreSQL database (with {@code docbridge.test.db.user} and {@code .password}), that
     * database, emptied first.
     */
    public static FlakyState open(Path folder) {
        Optional<String> url = Optional.ofNullable(System.getProperty("docbridge.test.db.url")).filter(u -> !u.isBlank());
        Database real = StateSource.open(url.isEmpty() ? StateSource.Settings.embedded()
                : new StateSource.Settings(url, Optional.ofNullable(System.getProperty("docbridge.test.db.user")),
                        Optional.ofNullable(System.getProperty("docbridge.test.db.password")), Optional.empty(),
                        Optional.empty()), folder);
        if (url.isPresent()) {
            real.read(c -> {
                try (var reset = c.createStatement()) {
                    return reset.executeUpdate("DROP SCHEMA public CASCADE; CREATE SCHEMA public");
                }
            });
        }
        Migrations.apply(real);
        return new FlakyState(real);
    }

    /** The next {@code fault} fails once, then the database works again. */
    public void failNext(Fault fault) {
        this.fault = fault;
    }

    /** From now on, until called with false, every commit fails for a full disk; reads still work. */
    public void diskFull(boolean full) {
        this.diskFull = full;
    }

    /** A node's view of the shared state's changes. */
    public ChangeFeed node() {
        return new ChangeFeed(database);
    }

    /** Runs a query on the real database, past any fault. */
    public <T> T query(Database.Work<T> work) {
        return real.read(work);
    }

    @Override
    public void close() {
        database.close();
    }

    private boolean strikes(Fault at) {
        if (fault == at) {
            fault = Fault.NONE;
            return true;
        }
        return false;
    }

    private static SQLException gone() {
        return new SQLException("the connection was closed by the server (a test's failing database)", "08006");
    }

    /** What H2 says when its file cannot grow (its words, with the operating system's below). */
    private static SQLException full() {
        return new SQLException("General error: \"org.h2.mvstore.MVStoreException: Writing to a test's database failed\"",
                "HY000", 50000, new java.io.IOException("No space left on device"));
    }

    private final class Source implements DataSource {
        private final DataSource inner;

        Source(DataSource inner) {
            this.inner = inner;
        }

        @Override
        public Connection getConnection() throws SQLException {
            if (strikes(Fault.CONNECT)) {
                throw gone();
            }
            Connection c = inner.getConnection();
            return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                    (proxy, method, args) -> {
                        if (method.getName().equals("commit") && strikes(Fault.COMMIT)) {
                            c.rollback(); // what the server does with a transaction whose connection broke
                            throw gone();
                        }
                        if (method.getName().equals("commit") && diskFull) {
                            c.rollback();
                            throw full();
                        }
                        Object result = call(c, method, args);
                        return result instanceof PreparedStatement s ? statement(s) : result;
                    });
        }

        private PreparedStatement statement(PreparedStatement s) {
            InvocationHandler handler = (proxy, method, args) -> {
                if (method.getName().startsWith("executeUpdate") || method.getName().startsWith("executeBatch")
                        || method.getName().equals("execute")) {
                    if (strikes(Fault.WRITE)) {
                        throw gone();
                    }
                }
                return call(s, method, args);
            };
            return (PreparedStatement) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {PreparedStatement.class}, handler);
        }

        @Override
        public Connection getConnection(String user, String password) throws SQLException {
            return getConnection();
        }

        @Override
        public PrintWriter getLogWriter() throws SQLException {
            return inner.getLogWriter();
        }

        @Override
        public void setLogWriter(PrintWriter out) throws SQLException {
            inner.setLogWriter(out);
        }

        @Override
        public void setLoginTimeout(int seconds) throws SQLException {
            inner.setLoginTimeout(seconds);
        }

        @Override
        public int getLoginTimeout() throws SQLException {
            return inner.getLoginTimeout();
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            return inner.getParentLogger();
        }

        @Override
        public <T> T unwrap(Class<T> type) throws SQLException {
            return inner.unwrap(type);
        }

        @Override
        public boolean isWrapperFor(Class<?> type) throws SQLException {
            return inner.isWrapperFor(type);
        }
    }

    private static Object call(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
