package org.docbridge.preview;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.docbridge.web.ApiError;

/**
 * A small pool of warm renderer processes: at most {@code size} renders at once, each in a process of
 * its own. A JVM with PDFBox takes about a second to start, so processes are started ahead (at start,
 * and to replace one that died) and kept between renders; each is replaced after
 * {@link #RENDERS_PER_PROCESS} renders so that nothing a document leaves behind accumulates. A caller
 * that finds every renderer busy waits up to {@link #QUEUE_WAIT} and then gets 503.
 */
public final class PdfRenderers implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(PdfRenderers.class.getName());
    /** Changes whenever the pictures the renderer draws may change: part of every cached thumbnail's key. */
    public static final String VERSION = "pdfbox-3.0.8/1";
    static final int RENDERS_PER_PROCESS = 500;
    static final Duration QUEUE_WAIT = Duration.ofSeconds(10);
    private static final Duration START_WAIT = Duration.ofSeconds(60);

    private final RendererCommand command;
    private final int size;
    private final Duration timeout;
    private final Semaphore permits;
    private final BlockingDeque<RendererProcess> idle = new LinkedBlockingDeque<>();
    private final ExecutorService starter = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "docbridge-renderer-start");
        thread.setDaemon(true);
        return thread;
    });
    private volatile boolean closed;

    public PdfRenderers(RendererCommand command, int size, Duration timeout) {
        this.command = command;
        this.size = size;
        this.timeout = timeout;
        this.permits = new Semaphore(size, true);
    }

    /** Starts the processes in the background, so that the first thumbnail does not wait for one. */
    public void warm() {
        for (int i = 0; i < size; i++) {
            starter.execute(this::startSpare);
        }
    }

    /**
     * The first page of {@code pdf}, {@code width} pixels wide and at most {@code maxHeight} high.
     *
     * @throws ApiError 503 when every renderer stays busy for {@link #QUEUE_WAIT}
     */
    public byte[] render(Path pdf, int width, int maxHeight, int maxPages) throws PreviewRefused {
        acquire();
        RendererProcess renderer = null;
        try {
            renderer = idle.pollFirst();
            if (renderer == null || !renderer.alive()) {
                if (renderer != null) {
                    renderer.close();
                }
                renderer = startNow();
            }
            return renderer.render(pdf, width, maxHeight, maxPages, timeout);
        } finally {
            giveBack(renderer);
            permits.release();
        }
    }

    private void acquire() {
        try {
            if (!permits.tryAcquire(QUEUE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new ApiError(503, "every PDF renderer has been busy for " + QUEUE_WAIT.toSeconds()
                        + " s (docbridge.thumbnail.renderers); try again shortly");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiError(503, "the server is shutting down");
        }
    }

    private RendererProcess startNow() throws PreviewRefused {
        try {
            return RendererProcess.start(command, START_WAIT);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "docbridge could not start a PDF renderer: {0}", e.getMessage());
            throw new PreviewRefused("the PDF renderer could not start", false);
        }
    }

    private void giveBack(RendererProcess renderer) {
        if (renderer == null) {
            return;
        }
        if (!closed && renderer.alive() && renderer.renders() < RENDERS_PER_PROCESS && idle.size() < size) {
            idle.offerFirst(renderer); // the most recently used first: it is the warmest
            return;
        }
        renderer.close();
        if (!closed) {
            starter.execute(this::startSpare); // a replacement, started before anyone waits for it
        }
    }

    private void startSpare() {
        if (closed || idle.size() >= size) {
            return;
        }
        try {
            RendererProcess renderer = RendererProcess.start(command, START_WAIT);
            if (closed || !idle.offerLast(renderer) || idle.size() > size) {
                idle.remove(renderer);
                renderer.close();
            }
        } catch (IOException e) {
            LOG.log(Level.WARNING, "docbridge could not start a PDF renderer: {0}", e.getMessage());
        }
    }

    /** Processes waiting for work (for tests). */
    int idle() {
        return idle.size();
    }

    @Override
    public void close() {
        closed = true;
        starter.shutdownNow();
        RendererProcess renderer;
        while ((renderer = idle.pollFirst()) != null) {
            renderer.close();
        }
    }
}
