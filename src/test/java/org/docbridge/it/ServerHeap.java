package org.docbridge.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The heap of the server under test, read with the JDK's {@code jcmd} after a full collection: the
 * server is a process that this test JVM started (Payara Micro, or WildFly's jboss-modules), the
 * newest of them when several are running.
 */
final class ServerHeap {

    private static final Pattern USED = Pattern.compile("used (\\d+)K");

    private ServerHeap() {
    }

    /** The server's process, when this JVM started it (a managed container). */
    static Optional<ProcessHandle> server() {
        return ProcessHandle.current().descendants()
                .filter(p -> p.info().commandLine().map(c -> c.contains("payara-micro") || c.contains("jboss-modules")).orElse(false))
                .max((a, b) -> a.info().startInstant().orElse(java.time.Instant.EPOCH)
                        .compareTo(b.info().startInstant().orElse(java.time.Instant.EPOCH)));
    }

    /** Heap in use after a full collection, in bytes. */
    static long usedAfterFullGc(ProcessHandle server) throws IOException, InterruptedException {
        jcmd(server, "GC.run");
        String info = jcmd(server, "GC.heap_info");
        Matcher used = USED.matcher(info);
        if (!used.find()) {
            throw new IllegalStateException("jcmd GC.heap_info printed no heap use: " + info);
        }
        return Long.parseLong(used.group(1)) * 1024;
    }

    private static String jcmd(ProcessHandle server, String command) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process process = new ProcessBuilder(jcmd.toString(), Long.toString(server.pid()), command)
                .redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("jcmd " + command + " failed: " + out);
        }
        return out;
    }
}
