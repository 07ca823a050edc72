package org.docbridge.preview;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.docbridge.web.ApiError;

/**
 * A small pool of warm renderer processes: at most {@code size} processes, alive or starting, and so
 * at most {@code size} renders at once. A JVM with PDFBox takes about a second to start, so processes
 * are started ahead (with the server, and to replace one that died or was killed) and kept between
 * renders; each is replaced after {@link #RENDERS_PER_PROCESS} renders so that nothing a document
 * leaves behind accumulates. A caller that finds every renderer busy waits up to {@link #QUEUE_WAIT}
 * for one and then gets 503.
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
    /** Processes alive or starting: never more than {@code size}. */
    private final AtomicInteger live = new AtomicInteger();
    private final ExecutorService starter = Executors.newSingleThreadExecutor(daemon("docbridge-renderer-start"));
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(daemon("docbridge-renderer-watchdog"));
    private volatile boolean closed;

    public PdfRenderers(RendererCommand command, int size, Duration timeout) {
        this.command = command;
        this.size = size;
        this.timeout = timeout;
        this.permits = new Semaphore(size, true);
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread thread = new Thread(r, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    /** Starts the processes in the background, so that the first thumbnail does not wait for one. */
    public void warm() {
        for (int i = 0; i < size; i++) {
            startSpare();
        }
    }

    /**
     * The first page of {@code pdf}, {@code width} pixels wide and at most {@code maxHeight} high.
     *
     * @throws ApiError 503 when every renderer stays busy for {@link #QUEUE_WAIT}
     */
    public byte[] render(Path pdf, int width, int maxHeight, int maxPages) throws PreviewRefused {
        acquire();
        try {
            for (int attempt = 1; ; attempt++) {
                RendererProcess renderer = take();
                try {
                    return renderer.render(pdf, width, maxHeight, maxPages, timeout);
                } catch (RendererProcess.NotSent e) {
                    // it died while idle (killed from outside, say): nothing was tried; once more on another
                    if (attempt == 2) {
                        throw new PreviewRefused("the PDF renderer could not take the file", false);
                    }
                } finally {
                    giveBack(renderer);
                }
            }
        } finally {
            permits.release();
        }
    }

    private void acquire() {
        try {
            if (!permits.tryAcquire(QUEUE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw busy();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiError(503, "the server is shutting down");
        }
    }

    private static ApiError busy() {
        return new ApiError(503, "every PDF renderer has been busy for " + QUEUE_WAIT.toSeconds()
                + " s (docbridge.thumbnail.renderers); try again shortly");
    }

    /**
     * An idle process; or a new one when fewer than {@code size} live; or, when they all live (one is
     * starting in the background), the first to become idle.
     */
    private RendererProcess take() throws PreviewRefused {
        try {
            long deadline = System.nanoTime() + START_WAIT.toNanos();
            while (true) {
                RendererProcess renderer = idle.pollFirst();
                if (renderer != null) {
                    if (renderer.usable()) {
                        return renderer;
                    }
                    retire(renderer);
                    continue;
                }
                if (reserve()) {
                    return startNow();
                }
                renderer = idle.pollFirst(200, TimeUnit.MILLISECONDS);
                if (renderer != null) {
                    idle.offerFirst(renderer); // looked at again at the top of the loop
                }
                if (System.nanoTime() > deadline) {
                    throw new PreviewRefused("no PDF renderer started within " + START_WAIT.toSeconds() + " s", false);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiError(503, "the server is shutting down");
        }
    }

    /** Counts a process about to start, if there is room for it. */
    private boolean reserve() {
        while (true) {
            int now = live.get();
            if (closed || now >= size) {
                return false;
            }
            if (live.compareAndSet(now, now + 1)) {
                return true;
            }
        }
    }

    private RendererProcess startNow() throws PreviewRefused {
        try {
            return RendererProcess.start(command, START_WAIT, watchdog);
        } catch (IOException e) {
            live.decrementAndGet();
            LOG.log(Level.WARNING, "docbridge could not start a PDF renderer: {0}", e.getMessage());
            throw new PreviewRefused("the PDF renderer could not start", false);
        }
    }

    private void giveBack(RendererProcess renderer) {
        if (!closed && renderer.usable() && renderer.renders() < RENDERS_PER_PROCESS) {
            idle.offerFirst(renderer); // the most recently used first: it is the warmest
            return;
        }
        retire(renderer);
        startSpare(); // a replacement, started before anyone waits for it
    }

    private void retire(RendererProcess renderer) {
        renderer.close();
        live.decrementAndGet();
    }

    private void startSpare() {
        if (!reserve()) {
            return;
        }
        try {
            starter.execute(() -> {
                try {
                    RendererProcess renderer = RendererProcess.start(command, START_WAIT, watchdog);
                    idle.offerLast(renderer);
                    if (closed) {
                        drain();
                    }
                } catch (IOException e) {
                    live.decrementAndGet();
                    LOG.log(Level.WARNING, "docbridge could not start a PDF renderer: {0}", e.getMessage());
                }
            });
        } catch (RejectedExecutionException e) {
            live.decrementAndGet(); // closed meanwhile
        }
    }

    /** Processes alive or starting (for tests). */
    int live() {
        return live.get();
    }

    private void drain() {
        RendererProcess renderer;
        while ((renderer = idle.pollFirst()) != null) {
            retire(renderer);
        }
    }

    @Override
    public void close() {
        closed = true;
        starter.shutdownNow();
        drain();
        watchdog.shutdownNow();
    }
}
