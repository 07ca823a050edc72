package org.docbridge.web;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.logging.FileHandler;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * With {@code docbridge.audit.file} set, the audit lines also go to that file, one per line with a
 * UTC timestamp in front, appended, so that they can be kept and shipped apart from the server log.
 */
@ApplicationScoped
public class AuditFile {

    private static final Logger LOG = Logger.getLogger(AuditFile.class.getName());

    @Inject
    @ConfigProperty(name = "docbridge.audit.file")
    Optional<String> file;

    private FileHandler handler;

    @PostConstruct
    void open() {
        if (file.isEmpty() || file.get().isBlank()) {
            return;
        }
        Path path = Path.of(file.get()).toAbsolutePath();
        try {
            if (path.getParent() != null) {
                Files.createDirectories(path.getParent());
            }
            handler = new FileHandler(path.toString().replace("%", "%%"), 0, 1, true);
            handler.setEncoding("UTF-8");
        } catch (IOException e) {
            throw new UncheckedIOException("docbridge.audit.file: cannot append to " + path + " (" + e.getMessage()
                    + "); give a writable file or remove the setting", e);
        }
        handler.setFormatter(new Formatter() {
            @Override
            public String format(LogRecord record) {
                return Instant.ofEpochMilli(record.getMillis()) + " " + record.getMessage() + System.lineSeparator();
            }
        });
        Logger.getLogger(Audit.LOGGER).addHandler(handler);
        LOG.info(() -> "Audit lines also go to " + path);
    }

    /** Touched at start, so that a wrong setting fails the start. */
    public boolean enabled() {
        return handler != null;
    }

    @PreDestroy
    void close() {
        if (handler != null) {
            Logger.getLogger(Audit.LOGGER).removeHandler(handler);
            handler.close();
        }
    }
}
