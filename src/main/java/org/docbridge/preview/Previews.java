package org.docbridge.preview;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.docbridge.runtime.DataFolder;
import org.docbridge.runtime.Settings;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The out-of-process renderers as the settings describe them: the PDF renderer pool, LibreOffice when
 * it is there, and a work folder under {@code <data>/thumbnails/} for the copies they read.
 */
@ApplicationScoped
public class Previews {

    private static final Logger LOG = Logger.getLogger(Previews.class.getName());

    @Inject
    @ConfigProperty(name = "docbridge.thumbnail.renderers", defaultValue = "2")
    int renderers;

    @Inject
    @ConfigProperty(name = "docbridge.thumbnail.renderer-memory", defaultValue = "128M")
    String rendererMemory;

    @Inject
    @ConfigProperty(name = "docbridge.thumbnail.timeout", defaultValue = "PT15S")
    String timeout;

    @Inject
    @ConfigProperty(name = "docbridge.thumbnail.max-pages", defaultValue = "10000")
    int maxPages;

    @Inject
    @ConfigProperty(name = "docbridge.thumbnail.office", defaultValue = "auto")
    String office;

    @Inject
    @ConfigProperty(name = "docbridge.thumbnail.office-timeout", defaultValue = "PT60S")
    String officeTimeout;

    @Inject
    DataFolder data;

    private Path work;
    private PdfRenderers pdf;
    private OfficeConverter converter;
    private String version;

    @PostConstruct
    void init() {
        if (renderers < 1 || renderers > 64) {
            throw new IllegalStateException("docbridge.thumbnail.renderers: '" + renderers + "' must be between 1 and 64");
        }
        if (maxPages < 1) {
            throw new IllegalStateException("docbridge.thumbnail.max-pages: '" + maxPages + "' must be a positive number");
        }
        long memory = Settings.bytes("docbridge.thumbnail.renderer-memory", rendererMemory);
        if (memory < (32L << 20)) {
            throw new IllegalStateException("docbridge.thumbnail.renderer-memory: '" + rendererMemory
                    + "' is too little for a renderer; give at least 32M");
        }
        Duration renderTimeout = Settings.duration("docbridge.thumbnail.timeout", timeout);
        Duration conversionTimeout = Settings.duration("docbridge.thumbnail.office-timeout", officeTimeout);
        Path home = data.home().resolve("thumbnails");
        work = home.resolve("work");
        try {
            deleteTree(work); // copies left by a server that stopped in the middle of a render
            Files.createDirectories(work);
            Optional<Path> soffice = OfficeConverter.find(office);
            if (soffice.isPresent()) {
                converter = new OfficeConverter(soffice.get(), conversionTimeout, home.resolve("office"), 1);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + home + " for thumbnails (" + e.getMessage()
                    + "); the data folder (docbridge.data-dir) must be writable", e);
        }
        String heap = (memory >> 20) + "m";
        Optional<RendererCommand> command = RendererCommand.fromWar(heap, home.resolve("renderer"));
        command.ifPresent(c -> {
            pdf = new PdfRenderers(c, renderers, renderTimeout); // warmed once the node is ready (warm())
        });
        version = PdfRenderers.VERSION + ";pages=" + maxPages + ";memory=" + heap + ";timeout=" + renderTimeout
                + (converter == null ? "" : ";" + converter.version() + ";" + conversionTimeout);
        LOG.info(() -> "thumbnails of PDFs: " + (pdf == null ? "none (this build has no docbridge-renderer.jar)"
                : renderers + " renderer processes of -Xmx" + heap + ", " + renderTimeout.toMillis() / 1000.0
                + " s a page at most (docbridge.thumbnail.renderers, renderer-memory, timeout)")
                + "; of office documents: " + (converter == null
                ? "none (LibreOffice's soffice not found or docbridge.thumbnail.office=false)"
                : "LibreOffice " + converter.soffice() + ", " + conversionTimeout.toSeconds()
                + " s a document at most (docbridge.thumbnail.office-timeout)"));
    }

    /**
     * Starts the renderer processes in the background. Called once the node is ready: started
     * earlier, their JVMs would compete with the server's own start for the cores.
     */
    public void warm() {
        if (pdf != null) {
            pdf.warm();
        }
    }

    @PreDestroy
    void close() {
        if (pdf != null) {
            pdf.close();
        }
    }

    /** What the pictures depend on beyond the file: part of every cached thumbnail's key. */
    public String version() {
        return version;
    }

    public boolean rendersPdf() {
        return pdf != null;
    }

    public boolean convertsOffice(String extension) {
        return converter != null && pdf != null && OfficeConverter.converts(extension);
    }

    /** A fresh folder for one render's copies; the caller deletes it with {@link #deleteTree}. */
    public Path workFolder() throws IOException {
        return Files.createDirectory(work.resolve(UUID.randomUUID().toString()));
    }

    /** The first page of a PDF as a PNG. */
    public byte[] pdf(Path file, int width, int maxHeight) throws PreviewRefused {
        return pdf.render(file, width, maxHeight, maxPages);
    }

    /** The first page of an office document as a PNG: converted to PDF beside it, then rendered. */
    public byte[] office(Path file, int width, int maxHeight) throws PreviewRefused {
        return pdf(converter.toPdf(file), width, maxHeight);
    }

    public static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) all.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }
}
