package org.docbridge.web;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * With {@code docbridge.audit.file} set, the audit lines also go to that file, one per line with a
 * UTC timestamp in front, appended, so that they can be kept and shipped apart from the server log.
 * Written by docbridge itself rather than through a logging handler: servers reconfigure their
 * logging at will (Payara resets handlers after start), and an audit trail must not depend on that.
 * The file is readable by the server's user only, and each line is forced to disk before the
 * change it records is answered: a crash loses no line of an answered change. Lines written at
 * the same moment share one force.
 */
@ApplicationScoped
public class AuditFile {

    private static final Logger LOG = Logger.getLogger(AuditFile.class.getName());
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    /** How the file is opened; a test watches the channel through it. */
    interface Opener {
        FileChannel open(Path path, FileAttribute<?>... attributes) throws IOException;
    }

    @Inject
    @ConfigProperty(name = "docbridge.audit.file")
    Optional<String> file;

    Opener opener = (path, attributes) -> FileChannel.open(path,
            EnumSet.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND), attributes);

    private Path path;
    private FileChannel out;
    /** Bytes appended, and bytes known to be on disk: a force covers everything appended before it. */
    private long appended;
    private long forced;
    private final Object forcing = new Object();

    @PostConstruct
    void open() {
        if (file.isEmpty() || file.get().isBlank()) {
            return;
        }
        path = Path.of(file.get()).toAbsolutePath();
        boolean posix = path.getFileSystem().supportedFileAttributeViews().contains("posix");
        try {
            Path parent = path.getParent();
            if (parent != null && !Files.isDirectory(parent)) {
                Files.createDirectories(parent, posix
                        ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"))}
                        : new FileAttribute<?>[0]);
            }
            out = opener.open(path, posix
                    ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)} : new FileAttribute<?>[0]);
        } catch (IOException e) {
            throw new UncheckedIOException("docbridge.audit.file: cannot append to " + path + " (" + e.getMessage()
                    + "); give a writable file or remove the setting", e);
        }
        if (posix) {
            ownerOnly();
        }
        Audit.sink(this::append);
        LOG.info(() -> "Audit lines also go to " + path + " (readable by the server's user only, each line forced to disk)");
    }

    /** A file that existed before may be readable by others: that ends now, or the start fails. */
    private void ownerOnly() {
        try {
            Set<PosixFilePermission> before = Files.getPosixFilePermissions(path);
            if (!OWNER_ONLY.containsAll(before)) {
                Files.setPosixFilePermissions(path, OWNER_ONLY);
                LOG.warning(() -> "The audit file " + path + " was " + PosixFilePermissions.toString(before)
                        + "; made rw------- so that only the server's user can read it");
            }
        } catch (IOException e) {
            close();
            throw new UncheckedIOException("docbridge.audit.file: " + path + " cannot be made readable by the server's"
                    + " user only (" + e.getMessage() + "); make that user its owner, or chmod 600 it", e);
        }
    }

    /**
     * Appends a line. A FileChannel closes for good when a thread that is interrupted writes to it
     * (a custom action stopped at its timeout audits its end that way): the interrupt is set aside
     * for the write, and a channel closed anyway is opened again.
     */
    private void append(String line) {
        boolean interrupted = Thread.interrupted();
        try {
            write(line);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void write(String line) {
        ByteBuffer bytes = ByteBuffer.wrap((Instant.now() + " " + line + "\n").getBytes(StandardCharsets.UTF_8));
        FileChannel channel;
        long end;
        synchronized (this) {
            channel = out;
            if (channel == null) {
                return;
            }
            try {
                if (!channel.isOpen()) {
                    channel = out = opener.open(path);
                }
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
            } catch (IOException e) {
                LOG.severe(() -> "Could not append to the audit file " + path + ": " + e.getMessage()
                        + "; the line is in the server log: " + line);
                return;
            }
            appended += bytes.limit();
            end = appended;
        }
        // one force at a time; whoever forces covers every line appended before, so writers that
        // queued meanwhile find their line on disk already and return without a force of their own
        synchronized (forcing) {
            if (forced >= end) {
                return;
            }
            long upTo;
            synchronized (this) {
                upTo = appended;
            }
            try {
                channel.force(false);
                forced = upTo;
            } catch (IOException e) {
                LOG.severe(() -> "Could not force the audit file " + path + " to disk: " + e.getMessage()
                        + "; a crash now could lose its last lines, which are in the server log too");
            }
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
                out.force(false);
                out.close();
            } catch (IOException e) {
                LOG.warning(() -> "Could not close the audit file " + path + ": " + e.getMessage());
            }
            out = null;
        }
    }
}
