package org.docbridge.preview;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.docbridge.web.ApiError;

/**
 * Office documents to PDF through LibreOffice ({@code soffice --headless --convert-to pdf}), in a
 * process of its own under a time limit, killed with its children when it runs over. Only the first
 * page is exported. Each conversion running at once has a LibreOffice profile of its own: two
 * conversions on one profile fail.
 */
public final class OfficeConverter {

    private static final Logger LOG = Logger.getLogger(OfficeConverter.class.getName());

    /** Which of LibreOffice's PDF filters exports a document, by its extension. */
    private static final Map<String, String> FILTERS = Map.of(
            "doc", "writer_pdf_Export", "docx", "writer_pdf_Export", "odt", "writer_pdf_Export",
            "xls", "calc_pdf_Export", "xlsx", "calc_pdf_Export", "ods", "calc_pdf_Export",
            "ppt", "impress_pdf_Export", "pptx", "impress_pdf_Export", "odp", "impress_pdf_Export");

    /** Where LibreOffice usually lives, beyond the PATH. */
    private static final List<String> USUAL_PLACES = List.of("/usr/bin/soffice", "/usr/lib/libreoffice/program/soffice",
            "/opt/libreoffice/program/soffice", "/Applications/LibreOffice.app/Contents/MacOS/soffice");

    private final Path soffice;
    private final Duration timeout;
    private final Path log;
    private final BlockingQueue<Path> profiles;

    public OfficeConverter(Path soffice, Duration timeout, Path home, int atOnce) throws IOException {
        this.soffice = soffice;
        this.timeout = timeout;
        this.log = home.resolve("office.log");
        this.profiles = new ArrayBlockingQueue<>(atOnce);
        for (int i = 0; i < atOnce; i++) {
            Path profile = home.resolve("profile-" + i);
            Files.createDirectories(profile);
            profiles.add(profile);
        }
    }

    /** The extensions of the documents converted. */
    public static boolean converts(String extension) {
        return FILTERS.containsKey(extension);
    }

    /**
     * LibreOffice's {@code soffice}, as {@code docbridge.thumbnail.office} says: {@code auto} (found on
     * the PATH or where LibreOffice installs itself, or none), {@code true} (the same, but missing is
     * an error), {@code false}, or the path of {@code soffice}.
     */
    public static Optional<Path> find(String setting) {
        String value = setting.trim().toLowerCase(Locale.ROOT);
        switch (value) {
            case "false":
                return Optional.empty();
            case "auto":
            case "true":
                Optional<Path> found = search();
                if (found.isEmpty() && value.equals("true")) {
                    throw new IllegalStateException("docbridge.thumbnail.office is true, but LibreOffice's soffice is"
                            + " neither on the PATH nor in " + String.join(", ", USUAL_PLACES)
                            + "; install LibreOffice, or give the path of soffice, or set it to auto or false");
                }
                return found;
            default:
                Path given = Path.of(setting.trim());
                if (!Files.isExecutable(given)) {
                    throw new IllegalStateException("docbridge.thumbnail.office: '" + setting
                            + "' is not an executable file; give the path of LibreOffice's soffice, or auto, true or false");
                }
                return Optional.of(given);
        }
    }

    private static Optional<Path> search() {
        List<Path> candidates = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(java.io.File.pathSeparator)) {
                if (!dir.isEmpty()) {
                    candidates.add(Path.of(dir, "soffice"));
                }
            }
        }
        USUAL_PLACES.forEach(p -> candidates.add(Path.of(p)));
        return candidates.stream().filter(Files::isExecutable).findFirst();
    }

    /** What identifies this LibreOffice: a cached picture from another installation is not reused. */
    public String version() {
        try {
            return "libreoffice:" + soffice.toRealPath() + "@" + Files.getLastModifiedTime(soffice.toRealPath()).toMillis();
        } catch (IOException e) {
            return "libreoffice:" + soffice;
        }
    }

    public Path soffice() {
        return soffice;
    }

    /**
     * Converts {@code document} (whose name ends in one of the {@link #converts} extensions) into a
     * PDF of its first page, written beside it; returns that PDF.
     */
    public Path toPdf(Path document) throws PreviewRefused {
        String name = document.getFileName().toString();
        String extension = name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        String filter = FILTERS.get(extension);
        if (filter == null) {
            throw new IllegalArgumentException(name);
        }
        Path profile = takeProfile();
        try {
            Path outDir = document.getParent();
            ProcessBuilder builder = new ProcessBuilder(soffice.toString(),
                    "-env:UserInstallation=" + profile.toUri(),
                    "--headless", "--invisible", "--norestore", "--nolockcheck", "--nodefault", "--nologo",
                    "--convert-to", "pdf:" + filter + ":{\"PageRange\":{\"type\":\"string\",\"value\":\"1\"}}",
                    "--outdir", outDir.toString(), document.toString());
            builder.redirectErrorStream(true);
            RendererCommand.rotate(log);
            builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            Files.createDirectories(profile.resolve("tmp"));
            RendererCommand.clearEnvironment(builder, profile);
            Process process = builder.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                kill(process); // and waited for: the profile is free for the next conversion
                LOG.warning(() -> "LibreOffice took longer than " + timeout.toSeconds()
                        + " s to convert an office document (docbridge.thumbnail.office-timeout); it was stopped");
                throw new PreviewRefused("converting the document took longer than " + timeout.toSeconds()
                        + " s (docbridge.thumbnail.office-timeout)", true);
            }
            // soffice answers 0 also when it could not read the document: the PDF is the only evidence
            Path pdf = outDir.resolve(name.substring(0, name.lastIndexOf('.')) + ".pdf");
            if (!Files.isRegularFile(pdf) || Files.size(pdf) == 0) {
                throw new PreviewRefused("LibreOffice could not read the document", true);
            }
            return pdf;
        } catch (IOException e) {
            LOG.warning(() -> "LibreOffice (" + soffice + ") could not be run: " + e.getMessage());
            throw new PreviewRefused("LibreOffice could not be run", false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiError(503, "the server is shutting down");
        } finally {
            profiles.add(profile);
        }
    }

    private Path takeProfile() {
        try {
            Path profile = profiles.poll(PdfRenderers.QUEUE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            if (profile == null) {
                throw new ApiError(503, "every office conversion has been busy for " + PdfRenderers.QUEUE_WAIT.toSeconds()
                        + " s; try again shortly");
            }
            return profile;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiError(503, "the server is shutting down");
        }
    }

    /** soffice starts soffice.bin: both go, and are waited for (a few seconds at most). */
    private static void kill(Process process) throws InterruptedException {
        java.util.List<ProcessHandle> all;
        try (Stream<ProcessHandle> children = process.descendants()) {
            all = new java.util.ArrayList<>(children.toList());
        }
        all.add(process.toHandle());
        all.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle p : all) {
            try {
                p.onExit().get(5, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                LOG.warning(() -> "LibreOffice process " + p.pid() + " did not end within 5 s of being killed");
            }
        }
    }
}
