package org.docbridge.content;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.docbridge.preview.PreviewRefused;
import org.docbridge.preview.Previews;
import org.docbridge.runtime.DataFolder;
import org.docbridge.runtime.Settings;
import org.docbridge.store.DocumentStore;
import org.docbridge.store.Item;
import org.docbridge.web.ApiError;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * PNG thumbnails of images (PNG, JPEG, GIF, BMP), PDFs and office documents, cached on disk.
 *
 * <p>Images are rendered here, in the server: thumbnails are the classic way to exhaust a server's
 * memory with a small upload (an image whose header claims 100,000 x 100,000 pixels) or a large one
 * (a 1 x 1 image carrying 300 MB of private chunks), so the file's size, and then the width, height
 * and pixel count in its header, are checked against the {@code docbridge.thumbnail.*} limits before
 * any pixel is decoded, the file is read without keeping what was read ({@link ThumbnailRenderer}),
 * and at most as many images are rendered at once as there are processors. PDFs and office
 * documents are never parsed in the server: a copy goes to the renderer processes of
 * {@link Previews}. What a file is comes from its first bytes (and, for office documents, its
 * extension too), not from its name alone.
 */
@ApplicationScoped
public class Thumbnails {

    private static final Logger LOG = Logger.getLogger(Thumbnails.class.getName());
    public static final int DEFAULT_WIDTH = 200;
    public static final int MAX_WIDTH = 1024;
    /** Changes whenever the in-server image renderer's pictures may change. */
    private static final String IMAGE_VERSION = "image/1";
    /** A PDF's header may follow up to this many bytes of something else (ISO 32000-1, 7.5.2 as readers apply it). */
    private static final int HEAD = 1024;

    /** Why no thumbnail could be made. */
    public static final class Refused extends Exception {
        private final boolean lasting;

        public Refused(String message) {
            this(message, true);
        }

        Refused(String message, boolean lasting) {
            super(message);
            this.lasting = lasting;
        }
    }

    /** A thumbnail and its validator, which names the document's content, the width and the renderers. */
    public record Thumbnail(byte[] png, String etag) {
    }

    @Inject
    @ConfigProperty(name = "docbridge.thumbnail.max-pixels", defaultValue = "50000000")
    long maxPixels;

    @Inject
    @ConfigProperty(name = "docbridge.thumbnail.max-bytes", defaultValue = "50M")
    String maxBytes;

    @Inject
    @ConfigProperty(name = "docbridge.thumbnail.max-width", defaultValue = "65535")
    int maxWidth;

    @Inject
    @ConfigProperty(name = "docbridge.thumbnail.max-height", defaultValue = "65535")
    int maxHeight;

    @Inject
    @ConfigProperty(name = "docbridge.thumbnail.cache-max-bytes", defaultValue = "256M")
    String cacheMaxBytes;

    @Inject
    Previews previews;

    @Inject
    DataFolder data;

    @Inject
    org.docbridge.ops.Metrics metrics;

    private ThumbnailLimits limits;
    private Semaphore slots;
    private ThumbnailCache cache;
    private String version;

    @PostConstruct
    void init() {
        limits = new ThumbnailLimits(Settings.bytes("docbridge.thumbnail.max-bytes", maxBytes),
                positive("docbridge.thumbnail.max-width", maxWidth), positive("docbridge.thumbnail.max-height", maxHeight),
                positive("docbridge.thumbnail.max-pixels", maxPixels));
        slots = new Semaphore(Runtime.getRuntime().availableProcessors(), true);
        Path cacheDir = data.home().resolve("thumbnails").resolve("cache");
        try {
            cache = new ThumbnailCache(cacheDir, Settings.bytes("docbridge.thumbnail.cache-max-bytes", cacheMaxBytes));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the thumbnail cache " + cacheDir + " (" + e.getMessage()
                    + "); the data folder (docbridge.data-dir) must be writable", e);
        }
        version = IMAGE_VERSION + ";" + limits + ";" + previews.version();
    }

    /** The pixel limit; calling it at start checks every thumbnail setting and starts the renderers. */
    public long maxPixels() {
        return limits.maxPixels();
    }

    /** The validator of the thumbnail {@code width} pixels wide of the item as it is now. */
    public String etag(Item item, int width) {
        return etagOf(key(item, width));
    }

    /**
     * Whether an {@code If-None-Match} header names the current thumbnail. {@code *} does not count:
     * it would answer 304 for a file whose thumbnail is a 404.
     */
    public boolean notModified(String ifNoneMatch, Item item, int width) {
        if (ifNoneMatch == null) {
            return false;
        }
        String etag = etag(item, width);
        for (String candidate : ifNoneMatch.split(",")) {
            String c = candidate.trim();
            if (c.equals(etag) || c.equals("W/" + etag)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The cache key: the item's id and ETag, and its extension too (a rename through docbridge keeps
     * the id, size and time, but may make an office document of a ZIP file), the width, the versions.
     */
    private String key(Item item, int width) {
        return ThumbnailCache.key(item.id(), FileResponses.etag(item) + extension(item.name()), width, version);
    }

    private static String extension(String name) {
        return name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
    }

    private static String etagOf(String key) {
        return "\"t" + key.substring(0, 32) + "\"";
    }

    /**
     * A PNG {@code width} pixels wide (for images, never wider than the source) and no taller than
     * {@link #MAX_WIDTH}, aspect ratio kept: from the cache when it has it.
     */
    public Thumbnail render(DocumentStore store, Item item, int width) throws IOException, Refused {
        ThumbnailCache.Entry cached = cache.get(key(item, width));
        if (cached != null) {
            metrics.thumbnailCacheHit();
            if (cached.png() == null) {
                throw new Refused(cached.refusal());
            }
            return new Thumbnail(cached.png(), etag(item, width));
        }
        limits.checkSize(item.size()); // the cheap check first; the opened file's size is checked again
        try (DocumentStore.Content content = store.open(item.id())) {
            // the key of what was opened: the file may have changed since the item was read
            String key = key(content.item(), width);
            SeekableByteChannel file = content.channel();
            String kind = "image";
            try {
                limits.checkSize(file.size());
                String head = head(file);
                String extension = extension(content.item().name());
                kind = kind(head, extension);
                byte[] png = render(file, kind, extension, width);
                cache.putPng(key, png);
                metrics.thumbnailRender(kind, "rendered");
                return new Thumbnail(png, etagOf(key));
            } catch (Refused e) {
                metrics.thumbnailRender(kind, "refused");
                if (e.lasting) {
                    cache.putRefusal(key, e.getMessage());
                }
                throw e;
            }
        }
    }

    /**
     * {@code pdf}, {@code office} or {@code image}: the images' and office formats' signatures
     * first, since their metadata may well contain "%PDF-"; anything else is tried as an image.
     */
    private static String kind(String head, String extension) {
        if (imageSignature(head)) {
            return "image";
        }
        if (head.contains("%PDF-")) {
            return "pdf";
        }
        return officeFile(head, extension) ? "office" : "image";
    }

    private byte[] render(SeekableByteChannel file, String kind, String extension, int width)
            throws IOException, Refused {
        switch (kind) {
            case "pdf" -> {
                if (!previews.rendersPdf()) {
                    throw new Refused("this build of docbridge has no PDF renderer", false);
                }
                return outOfProcess(file, "document.pdf", width, false);
            }
            case "office" -> {
                if (!previews.convertsOffice(extension)) {
                    throw new Refused("office documents get thumbnails where LibreOffice is installed"
                            + " (docbridge.thumbnail.office)", false);
                }
                return outOfProcess(file, "document." + extension, width, true);
            }
            default -> {
                return image(file, width);
            }
        }
    }

    /** PNG, JPEG, GIF and BMP by their signatures (a BMP's two letters are checked again by the reader). */
    private static boolean imageSignature(String head) {
        return head.startsWith("\u0089PNG") || head.startsWith("\u00ff\u00d8\u00ff") || head.startsWith("GIF8")
                || head.startsWith("BM");
    }

    /** Office Open XML and OpenDocument files are ZIP archives; the older binary ones, OLE2 compound files. */
    private static boolean officeFile(String head, String extension) {
        return org.docbridge.preview.OfficeConverter.converts(extension)
                && (head.startsWith("PK\u0003\u0004") || head.startsWith("\u00d0\u00cf\u0011\u00e0\u00a1\u00b1\u001a\u00e1"));
    }

    /** The file's first bytes, one char each (ISO-8859-1), and the channel back at its start. */
    private static String head(SeekableByteChannel file) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(HEAD);
        file.position(0);
        while (buffer.hasRemaining() && file.read(buffer) > 0) {
            // until HEAD bytes or the end
        }
        file.position(0);
        return new String(buffer.array(), 0, buffer.position(), StandardCharsets.ISO_8859_1);
    }

    /** A copy of the file for the renderer processes, deleted after. */
    private byte[] outOfProcess(SeekableByteChannel file, String copyName, int width, boolean office)
            throws IOException, Refused {
        Path folder = previews.workFolder();
        try {
            Path copy = folder.resolve(copyName);
            Files.copy(Channels.newInputStream(file), copy);
            return office ? previews.office(copy, width, MAX_WIDTH) : previews.pdf(copy, width, MAX_WIDTH);
        } catch (PreviewRefused e) {
            throw new Refused(e.getMessage(), e.lasting());
        } finally {
            try {
                Previews.deleteTree(folder);
            } catch (IOException e) {
                // the answer stands; the next start empties the work folder
                LOG.warning(() -> "cannot remove the thumbnail work folder " + folder + ": " + e.getMessage());
            }
        }
    }

    private byte[] image(SeekableByteChannel file, int width) throws Refused {
        if (!slots.tryAcquire()) {
            try {
                if (!slots.tryAcquire(20, TimeUnit.SECONDS)) {
                    throw new ApiError(503, "the server is busy rendering other thumbnails; try again shortly");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ApiError(503, "the server is shutting down");
            }
        }
        try {
            return ThumbnailRenderer.render(file, width, limits);
        } catch (Refused | ApiError e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // a truncated or damaged image: whatever the decoder threw, there is no thumbnail
            LOG.fine(() -> "no thumbnail of an image: " + e);
            throw new Refused("the file is not an image docbridge can read");
        } finally {
            slots.release();
        }
    }

    private static <N extends Number> N positive(String key, N value) {
        if (value.longValue() <= 0) {
            throw new IllegalStateException(key + ": '" + value + "' must be a positive number");
        }
        return value;
    }
}
