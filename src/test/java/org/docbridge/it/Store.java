package org.docbridge.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

/** The test server's data folder, which the tests fill directly, as an admin would. */
public final class Store {

    public static final Path WORK = Path.of(System.getProperty("it.work", "target/it")).toAbsolutePath();
    public static final Path DOCUMENTS = WORK.resolve("documents");

    private Store() {
    }

    /** An empty folder of the test's own at the top of the store. */
    public static Path fresh(String name) {
        Path dir = DOCUMENTS.resolve(name);
        delete(dir);
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A folder outside the store (beside it), for what must never be served. */
    public static Path outside(String name) {
        Path dir = WORK.resolve("outside-" + name);
        delete(dir);
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Path write(Path dir, String relative, String content) {
        return write(dir, relative, content.getBytes(StandardCharsets.UTF_8));
    }

    public static Path write(Path dir, String relative, byte[] content) {
        try {
            Path file = dir.resolve(relative);
            Files.createDirectories(file.getParent());
            Files.write(file, content);
            Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2024-03-01T09:15:30.123Z")));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Keeps a thumbnail the tests drew in {@code target/thumbnail-samples} (docs/thumbnails shows copies). */
    public static void sample(String name, byte[] png) {
        try {
            Path samples = WORK.getParent().resolve("thumbnail-samples");
            Files.createDirectories(samples);
            Files.write(samples.resolve(name), png);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Path folder(Path dir, String relative) {
        try {
            return Files.createDirectories(dir.resolve(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void delete(Path path) {
        if (!Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            Files.walkFileTree(path, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                    Files.delete(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
