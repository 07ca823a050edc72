package org.docbridge.runtime;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The folder where docbridge keeps what it must remember: by default the documents themselves
 * ({@code documents/}) and its own state ({@code state/}: the id catalogue, generated secrets).
 * Its state is this server's alone: the first use takes the {@link StateLock} on {@code state/}, and
 * fails the start while another server or deployment holds it.
 */
@ApplicationScoped
public class DataFolder {

    @Inject
    @ConfigProperty(name = "docbridge.data-dir", defaultValue = "data")
    String dataDir;

    /** How long a start waits for the state folder's lock: a server that is stopping may still hold it. */
    Duration lockWait = Duration.ofSeconds(10);

    private Path home;
    private Path state;
    private StateLock lock;

    @PostConstruct
    void create() {
        try {
            home = Path.of(dataDir).toAbsolutePath().normalize();
            state = home.resolve("state");
            Files.createDirectories(state);
            ownerOnly(state);
        } catch (IOException e) {
            throw new UncheckedIOException("docbridge.data-dir: cannot create the data folder " + dataDir
                    + " (" + e.getMessage() + "); point it at a writable folder", e);
        }
        lock = StateLock.take(state, lockWait);
    }

    /** Lets another server or deployment have the state folder: at undeploy, or when a start fails. */
    @PreDestroy
    public synchronized void release() {
        if (lock != null) {
            lock.release();
            lock = null;
        }
    }

    public Path home() {
        return home;
    }

    /** docbridge's own bookkeeping; never served. */
    public Path state() {
        return state;
    }

    private static void ownerOnly(Path path) throws IOException {
        try {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(
                    Files.isDirectory(path) ? "rwx------" : "rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the folder's own permissions must protect it
        }
    }
}
