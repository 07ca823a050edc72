package org.docbridge.preview;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * How a renderer process is started: this server's own {@code java}, the renderer's class path, its
 * heap, and where it keeps its font list and writes its messages.
 *
 * @param classpath the renderer's jar (taken out of the WAR by {@link #fromWar}) or, in tests, the
 *     test's class path
 * @param memory the renderer's {@code -Xmx}, for example {@code 128m}
 * @param home a folder of the renderer's own (its font list, temporary files and log)
 */
public record RendererCommand(String classpath, String memory, Path home) {

    static final String JAR_RESOURCE = "docbridge-renderer.jar";
    private static final String MAIN = "org.docbridge.preview.worker.PdfWorker";

    /**
     * Copies {@code docbridge-renderer.jar} out of the WAR into {@code home}, named by its content so
     * that a new release never runs an old renderer; empty when the WAR has none (a build without the
     * package phase).
     */
    public static Optional<RendererCommand> fromWar(String memory, Path home) {
        try (InputStream jar = RendererCommand.class.getClassLoader().getResourceAsStream(JAR_RESOURCE)) {
            if (jar == null) {
                return Optional.empty();
            }
            Files.createDirectories(home);
            Path temp = Files.createTempFile(home, "renderer-", ".tmp");
            try {
                MessageDigest sha = MessageDigest.getInstance("SHA-256");
                Files.copy(new DigestInputStream(jar, sha), temp, StandardCopyOption.REPLACE_EXISTING);
                String name = "docbridge-renderer-" + HexFormat.of().formatHex(sha.digest(), 0, 8) + ".jar";
                Path target = home.resolve(name);
                if (!Files.isRegularFile(target)) {
                    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
                }
                removeOthers(home, name);
                return Optional.of(new RendererCommand(target.toString(), memory, home));
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy the PDF renderer into " + home + " (" + e.getMessage()
                    + "); the data folder (docbridge.data-dir) must be writable", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Renderers of earlier releases. */
    private static void removeOthers(Path home, String current) throws IOException {
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(home, "docbridge-renderer-*.jar")) {
            for (Path jar : jars) {
                if (!jar.getFileName().toString().equals(current)) {
                    Files.deleteIfExists(jar);
                }
            }
        }
    }

    Path log() {
        return home.resolve("renderer.log");
    }

    /** A log over this size, when a process that writes to it starts, becomes {@code <name>.1}. */
    static final long LOG_BYTES = 10 << 20;

    /** Moves {@code log} aside, over the earlier one, once it is over {@link #LOG_BYTES}. */
    static void rotate(Path log) throws IOException {
        if (Files.isRegularFile(log) && Files.size(log) > LOG_BYTES) {
            Files.move(log, log.resolveSibling(log.getFileName() + ".1"), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * What a child process gets of the environment: enough to find its programs and fonts and to read
     * file names, and nothing else (the server's environment may hold passwords).
     */
    static void clearEnvironment(ProcessBuilder builder, Path home) {
        java.util.Map<String, String> env = builder.environment();
        String path = env.getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
        String lang = env.getOrDefault("LC_ALL", env.getOrDefault("LANG", "C.UTF-8"));
        env.clear();
        env.put("PATH", path);
        env.put("LC_ALL", lang);
        env.put("HOME", home.toString());
        env.put("TMPDIR", home.resolve("tmp").toString());
    }

    ProcessBuilder builder() throws IOException {
        Path temp = home.resolve("tmp");
        Files.createDirectories(temp);
        rotate(log());
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder builder = new ProcessBuilder(List.of(java.toString(),
                "-Xmx" + memory,
                "-XX:+ExitOnOutOfMemoryError", // a render that runs out of memory ends the process, at once
                "-XX:+DisplayVMOutputToStderr", // the JVM's own messages would break the answers on stdout
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", // small and quick to warm: one page at a time
                "-Djava.awt.headless=true",
                "-Dpdfbox.fontcache=" + home,
                "-Djava.io.tmpdir=" + temp,
                "-cp", classpath, MAIN));
        builder.redirectError(ProcessBuilder.Redirect.appendTo(log().toFile()));
        clearEnvironment(builder, home);
        return builder;
    }
}
