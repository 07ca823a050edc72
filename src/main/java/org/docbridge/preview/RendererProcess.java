package org.docbridge.preview;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;
import org.docbridge.preview.worker.PdfWorker;

/**
 * One renderer process and its pipes: a request at a time, each under a time limit after which the
 * process is killed. A process that was killed, or whose answer was not whole, is never used again
 * ({@link #usable}). Not thread-safe: {@link PdfRenderers} lends it to one caller at a time.
 */
final class RendererProcess implements AutoCloseable {

    // PdfWorker's READY, OK and REFUSED are constant variables, compiled into this class (JLS 13.1): the
    // worker's classes themselves are left out of the WAR and never loaded by the server

    private static final Logger LOG = Logger.getLogger(RendererProcess.class.getName());
    /** The exit code of a JVM ended by -XX:+ExitOnOutOfMemoryError. */
    private static final int OUT_OF_MEMORY = 3;
    /** No thumbnail is near this; a longer answer means the renderer is not speaking the protocol. */
    private static final int MAX_PNG_BYTES = 32 << 20;

    /** The request could not even be sent: the process had died while it waited. Another one may do. */
    static final class NotSent extends Exception {
        NotSent(IOException cause) {
            super(cause.getMessage(), cause, false, false);
        }
    }

    private final Process process;
    private final DataOutputStream requests;
    private final DataInputStream answers;
    private final String memory;
    private final ScheduledExecutorService watchdog;
    private volatile boolean broken;
    private int renders;

    private RendererProcess(Process process, String memory, ScheduledExecutorService watchdog) {
        this.process = process;
        this.memory = memory;
        this.watchdog = watchdog;
        this.requests = new DataOutputStream(new BufferedOutputStream(process.getOutputStream()));
        this.answers = new DataInputStream(new BufferedInputStream(process.getInputStream(), 64 * 1024));
    }

    /** Starts a renderer and waits until it has rendered its own first page. */
    static RendererProcess start(RendererCommand command, Duration wait, ScheduledExecutorService watchdog) throws IOException {
        RendererProcess renderer = new RendererProcess(command.builder().start(), command.memory(), watchdog);
        AtomicBoolean fired = new AtomicBoolean();
        ScheduledFuture<?> kill;
        try {
            kill = renderer.killAfter(wait, fired);
        } catch (RejectedExecutionException e) {
            renderer.close();
            throw new IOException("the server is stopping", e);
        }
        try {
            int ready = renderer.answers.readInt();
            if (ready != PdfWorker.READY) {
                throw new IOException("the renderer process answered " + Integer.toHexString(ready) + " instead of READY");
            }
            if (!kill.cancel(false)) {
                throw new IOException("the renderer process was stopped as it became ready");
            }
            return renderer;
        } catch (IOException e) {
            kill.cancel(false);
            renderer.close();
            throw new IOException((fired.get() ? "the renderer process did not start within " + wait
                    : "the renderer process did not start (" + e.getMessage() + ")") + "; see " + command.log(), e);
        }
    }

    /**
     * The first page of {@code pdf} as a PNG, or why not.
     *
     * @throws NotSent when the process was gone before the request reached it: nothing was tried
     */
    byte[] render(Path pdf, int width, int maxHeight, int maxPages, Duration timeout) throws PreviewRefused, NotSent {
        renders++;
        try {
            requests.writeUTF(pdf.toString());
            requests.writeInt(width);
            requests.writeInt(maxHeight);
            requests.writeInt(maxPages);
            requests.flush();
        } catch (IOException e) {
            close();
            throw new NotSent(e);
        }
        AtomicBoolean fired = new AtomicBoolean(); // this request's own: an earlier one's never counts
        ScheduledFuture<?> kill;
        try {
            kill = killAfter(timeout, fired);
        } catch (RejectedExecutionException e) {
            close(); // the pool closed under this render: the server is stopping
            throw new PreviewRefused("the server is stopping", false);
        }
        try {
            byte kind = answers.readByte();
            String refusal = null;
            byte[] png = null;
            if (kind == PdfWorker.REFUSED) {
                refusal = answers.readUTF();
            } else {
                int length = answers.readInt();
                if (kind != PdfWorker.OK || length < 0 || length > MAX_PNG_BYTES) {
                    throw new IOException("the renderer's answer is not one of the protocol");
                }
                png = new byte[length];
                answers.readFully(png);
            }
            if (!kill.cancel(false)) {
                broken = true; // killed just as it answered: the answer is whole, the process is not
                close();
            }
            if (refusal != null) {
                throw new PreviewRefused(refusal, true);
            }
            return png;
        } catch (IOException e) {
            kill.cancel(false);
            close();
            PreviewRefused why = whyItStopped(timeout, fired.get());
            LOG.warning(() -> "a PDF renderer process (pid " + process.pid() + ") ended: " + why.getMessage()
                    + "; the thumbnail is refused and the process replaced");
            throw why;
        }
    }

    /** Lasting (worth remembering) when the file itself is the cause: too slow, or too much memory. */
    private PreviewRefused whyItStopped(Duration timeout, boolean timedOut) {
        if (timedOut) {
            return new PreviewRefused("rendering took longer than " + timeout.toMillis() / 1000.0
                    + " s (docbridge.thumbnail.timeout)", true);
        }
        try {
            if (process.waitFor(2, TimeUnit.SECONDS) && process.exitValue() == OUT_OF_MEMORY) {
                return new PreviewRefused("the renderer ran out of its " + memory
                        + " of memory (docbridge.thumbnail.renderer-memory)", true);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return new PreviewRefused(process.isAlive() ? "the PDF renderer gave an answer docbridge cannot read"
                : "the PDF renderer stopped while reading the file (exit code " + process.exitValue() + ")", false);
    }

    private ScheduledFuture<?> killAfter(Duration timeout, AtomicBoolean fired) {
        return watchdog.schedule(() -> {
            fired.set(true);
            broken = true;
            process.destroyForcibly();
        }, timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Whether the process may take another request: alive, and never killed nor left mid-answer. */
    boolean usable() {
        return !broken && process.isAlive();
    }

    int renders() {
        return renders;
    }

    /** Ends the process: closing its input lets it finish on its own; whatever is still running is killed. */
    @Override
    public void close() {
        broken = true;
        try {
            requests.close();
        } catch (IOException e) {
            // the process is gone already
        }
        process.destroyForcibly();
    }
}
