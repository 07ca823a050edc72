package org.docbridge.content;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * Finished thumbnails, and the refusals of files that cannot have one, on disk: one file per key (the
 * document's id and ETag, the width asked and the renderers' version), so a changed document or renderer
 * never shows an old picture. Bounded in bytes: when the files add up to more than the bound, the
 * least recently used go until a tenth of it is free (each file counted as at least a 4 KB block). "Used" is the file's modification time, moved
 * forward on a hit at most once a minute. Files are written under a temporary name and renamed, so
 * servers that share the folder never read half a picture; each server counts what it adds and
 * recounts the folder whenever it evicts.
 */
final class ThumbnailCache {

    private static final Logger LOG = Logger.getLogger(ThumbnailCache.class.getName());
    private static final Duration TOUCH_EVERY = Duration.ofMinutes(1);

    /** A cached answer: a PNG, or the reason why there is none. */
    record Entry(byte[] png, String refusal) {
    }

    private final Path dir;
    private final long maxBytes;
    private final AtomicLong bytes = new AtomicLong(-1);

    ThumbnailCache(Path dir, long maxBytes) throws IOException {
        this.dir = dir;
        this.maxBytes = maxBytes;
        if (maxBytes > 0) {
            Files.createDirectories(dir);
        }
    }

    /**
     * The key of a document's thumbnail: a hex SHA-256 of everything the picture depends on. The id
     * too: two files of the same size and time are not the same document.
     */
    static String key(String id, String etag, int width, String version) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] digest = sha.digest((id + '\n' + etag + '\n' + width + '\n' + version).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    boolean enabled() {
        return maxBytes > 0;
    }

    Entry get(String key) {
        if (!enabled()) {
            return null;
        }
        for (String suffix : new String[] {".png", ".refused"}) {
            Path file = file(key, suffix);
            try {
                byte[] content = Files.readAllBytes(file);
                touch(file);
                return suffix.equals(".png") ? new Entry(content, null) : new Entry(null, new String(content, StandardCharsets.UTF_8));
            } catch (NoSuchFileException e) {
                // not cached in this form
            } catch (IOException e) {
                LOG.log(Level.FINE, "cannot read the cached thumbnail " + file, e);
            }
        }
        return null;
    }

    void putPng(String key, byte[] png) {
        put(key, ".png", png);
    }

    void putRefusal(String key, String message) {
        put(key, ".refused", message.getBytes(StandardCharsets.UTF_8));
    }

    private void put(String key, String suffix, byte[] content) {
        if (!enabled()) {
            return;
        }
        Path file = file(key, suffix);
        try {
            Files.createDirectories(file.getParent());
            Path temp = Files.createTempFile(file.getParent(), ".new-", ".tmp");
            try {
                Files.write(temp, content);
                try {
                    Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            // a full disk or a read-only folder costs the cache, never the answer
            LOG.warning(() -> "cannot cache a thumbnail in " + dir + ": " + e.getMessage());
            return;
        }
        if (bytes.get() < 0) {
            recount();
        }
        if (bytes.addAndGet(Math.max(content.length, BLOCK)) > maxBytes) {
            evict();
        }
    }

    /** The bytes the cache holds, as this server last counted them. */
    long size() {
        if (bytes.get() < 0) {
            recount();
        }
        return bytes.get();
    }

    private Path file(String key, String suffix) {
        return dir.resolve(key.substring(0, 2)).resolve(key + suffix);
    }

    private static void touch(Path file) {
        try {
            Instant now = Instant.now();
            if (Files.getLastModifiedTime(file).toInstant().isBefore(now.minus(TOUCH_EVERY))) {
                Files.setLastModifiedTime(file, FileTime.from(now));
            }
        } catch (IOException e) {
            // evicted meanwhile, or a read-only cache: the answer stands
        }
    }

    /** What a file takes on disk at least: a refusal of a few bytes still takes a block (and an inode). */
    private static final long BLOCK = 4096;

    private record Cached(Path file, long size, long used) {
    }

    private synchronized List<Cached> scan() {
        List<Cached> all = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir, 2)) {
            files.forEach(f -> {
                try {
                    BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class);
                    if (a.isRegularFile()) {
                        all.add(new Cached(f, Math.max(a.size(), BLOCK), a.lastModifiedTime().toMillis()));
                    }
                } catch (IOException e) {
                    // removed by another server meanwhile
                }
            });
        } catch (IOException | java.io.UncheckedIOException e) {
            LOG.warning(() -> "cannot count the thumbnail cache in " + dir + ": " + e.getMessage());
        }
        return all;
    }

    private synchronized void recount() {
        if (bytes.get() < 0) {
            bytes.set(scan().stream().mapToLong(Cached::size).sum());
        }
    }

    /** Removes the least recently used files until a tenth of the bound is free. */
    private synchronized void evict() {
        List<Cached> all = scan();
        long total = all.stream().mapToLong(Cached::size).sum();
        long target = maxBytes - maxBytes / 10;
        if (total <= maxBytes) {
            bytes.set(total);
            return;
        }
        all.sort(Comparator.comparingLong(Cached::used));
        int removed = 0;
        for (Cached c : all) {
            if (total <= target) {
                break;
            }
            try {
                Files.deleteIfExists(c.file());
                total -= c.size();
                removed++;
            } catch (IOException e) {
                // another server's eviction got there first, or the folder is read-only
            }
        }
        bytes.set(total);
        int count = removed;
        long left = total;
        LOG.fine(() -> "thumbnail cache: " + count + " least recently used files removed; " + left + " bytes remain");
    }
}
