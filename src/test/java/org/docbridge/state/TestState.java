package org.docbridge.state;

import java.nio.file.Path;

/** State databases for tests that run without a server: the embedded default, migrated. */
public final class TestState {

    private TestState() {
    }

    /** The embedded database a server would make in {@code stateFolder}, with this version's schema. */
    public static Database embedded(Path stateFolder) {
        Database database = StateSource.open(StateSource.Settings.embedded(), stateFolder);
        Migrations.apply(database);
        return database;
    }
}
