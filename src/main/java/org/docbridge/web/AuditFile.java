package org.docbridge.web;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * With {@code docbridge.audit.file} set, the audit lines also go to that file, one per line with a
 * UTC timestamp in front, appended, so that they can be kept and shipped apart from the server log.
 * Written by docbridge itself rather than through a logging handler: servers reconfigure their
 * logging at will (Payara resets handlers after start), and an audit trail must not depend on that.
 */
@ApplicationScoped
public class AuditFile {

    private static final Logger LOG = Logger.getLogger(AuditFile.class.getName());

    @Inject
    @ConfigProperty(name = "docbridge.audit.file")
    Optional<String> file;

    private OutputStream out;
    private Path path;

    @PostConstruct
    void open() {
        if (file.isEmpty() || file.get().isBlank()) {
            return;
        }
        path = Path.of(file.get()).toAbsolutePath();
        try {
            if (path.getParent() != null) {
                Files.createDirectories(path.getParent());
            }
            out = new FileOutputStream(path.toFile(), true);
        } catch (IOException e) {
            throw new UncheckedIOException("docbridge.audit.file: cannot append to " + path + " (" + e.getMessage()
                    + "); give a writable file or remove the setting", e);
        }
        Audit.sink(this::append);
        LOG.info(() -> "Audit lines also go to " + path);
    }

    private synchronized void append(String line) {
        if (out == null) {
            return;
        }
        try {
            out.write((Instant.now() + " " + line + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            LOG.severe(() -> "Could not append to the audit file " + path + ": " + e.getMessage()
                    + "; the line is in the server log: " + line);
        }
    }

    /** Touched at start, so that a wrong setting fails the start. */
    public boolean enabled() {
        return out != null;
    }

    @PreDestroy
    synchronized void close() {
        if (out != null) {
            Audit.sink(null);
            try {
                out.close();
            } catch (IOException e) {
                LOG.warning(() -> "Could not close the audit file " + path + ": " + e.getMessage());
            }
            out = null;
        }
    }
}
