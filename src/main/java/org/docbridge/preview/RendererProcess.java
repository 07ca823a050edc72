package org.docbridge.preview;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.docbridge.preview.worker.PdfWorker;

/**
 * One renderer process and its pipes: a request at a time, each under a time limit after which the
 * process is killed. Not thread-safe: {@link PdfRenderers} lends it to one caller at a time.
 */
final class RendererProcess implements AutoCloseable {

    // PdfWorker's READY, OK and REFUSED are constant variables, compiled into this class (JLS 13.1): the
    // worker's classes themselves are left out of the WAR and never loaded by the server

    private static final Logger LOG = Logger.getLogger(RendererProcess.class.getName());
    /** The exit code of a JVM ended by -XX:+ExitOnOutOfMemoryError. */
    private static final int OUT_OF_MEMORY = 3;
    /** No thumbnail is near this; a longer answer means the renderer is not speaking the protocol. */
    private static final int MAX_PNG_BYTES = 32 << 20;

    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "docbridge-renderer-watchdog");
        thread.setDaemon(true);
        return thread;
    });

    private final Process process;
    private final DataOutputStream requests;
    private final DataInputStream answers;
    private final String memory;
    private volatile boolean timedOut;
    private int renders;

    private RendererProcess(Process process, String memory) {
        this.process = process;
        this.memory = memory;
        this.requests = new DataOutputStream(new BufferedOutputStream(process.getOutputStream()));
        this.answers = new DataInputStream(new BufferedInputStream(process.getInputStream(), 64 * 1024));
    }

    /** Starts a renderer and waits until it has rendered its own first page. */
    static RendererProcess start(RendererCommand command, Duration wait) throws IOException {
        RendererProcess renderer = new RendererProcess(command.builder().start(), command.memory());
        ScheduledFuture<?> watchdog = renderer.killAfter(wait);
        try {
            int ready = renderer.answers.readInt();
            if (ready != PdfWorker.READY) {
                throw new IOException("the renderer process answered " + Integer.toHexString(ready) + " instead of READY");
            }
            return renderer;
        } catch (IOException e) {
            renderer.close();
            throw new IOException((renderer.timedOut ? "the renderer process did not start within " + wait
                    : "the renderer process did not start (" + e.getMessage() + ")") + "; see " + command.log(), e);
        } finally {
            watchdog.cancel(false);
        }
    }

    /** The first page of {@code pdf} as a PNG, or why not. */
    byte[] render(Path pdf, int width, int maxHeight, int maxPages, Duration timeout) throws PreviewRefused {
        renders++;
        ScheduledFuture<?> watchdog = killAfter(timeout);
        try {
            requests.writeUTF(pdf.toString());
            requests.writeInt(width);
            requests.writeInt(maxHeight);
            requests.writeInt(maxPages);
            requests.flush();
            byte kind = answers.readByte();
            if (kind == PdfWorker.REFUSED) {
                throw new PreviewRefused(answers.readUTF(), true);
            }
            int length = answers.readInt();
            if (kind != PdfWorker.OK || length < 0 || length > MAX_PNG_BYTES) {
                throw new IOException("the renderer's answer is not one of the protocol");
            }
            byte[] png = new byte[length];
            answers.readFully(png);
            return png;
        } catch (IOException e) {
            close();
            String why = whyItStopped(timeout);
            LOG.warning(() -> "a PDF renderer process (pid " + process.pid() + ") ended: " + why
                    + "; the thumbnail is refused and the process replaced");
            throw new PreviewRefused(why, true);
        } finally {
            watchdog.cancel(false);
        }
    }

    private String whyItStopped(Duration timeout) {
        if (timedOut) {
            return "rendering took longer than " + timeout.toMillis() / 1000.0 + " s (docbridge.thumbnail.timeout)";
        }
        try {
            if (process.waitFor(2, TimeUnit.SECONDS) && process.exitValue() == OUT_OF_MEMORY) {
                return "the renderer ran out of its " + memory + " of memory (docbridge.thumbnail.renderer-memory)";
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return process.isAlive() ? "the PDF renderer gave an answer docbridge cannot read"
                : "the PDF renderer stopped while reading the file (exit code " + process.exitValue() + ")";
    }

    private ScheduledFuture<?> killAfter(Duration timeout) {
        return WATCHDOG.schedule(() -> {
            timedOut = true;
            process.destroyForcibly();
        }, timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    boolean alive() {
        return process.isAlive();
    }

    int renders() {
        return renders;
    }

    long pid() {
        return process.pid();
    }

    /** Ends the process: closing its input lets it finish on its own; whatever is still running is killed. */
    @Override
    public void close() {
        try {
            requests.close();
        } catch (IOException e) {
            // the process is gone already
        }
        process.destroyForcibly();
    }
}
