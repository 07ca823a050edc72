package org.docbridge.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What the proof suites (crash, full disk, slow clients, soak, malformed input) share: whether this run
 * is the full form ({@code -Dproof.full=true}, the figures of docs/benchmarks.md) or the short form CI
 * runs, and where their figures go: printed as {@code PROOF <suite>:} lines and written to
 * {@code target/proof/<suite>-<server>.txt}.
 */
final class Proof {

    private Proof() {
    }

    /** True for the full form of a suite: {@code -Dproof.full=true} on Maven's command line. */
    static boolean full() {
        return Boolean.getBoolean("proof.full");
    }

    /** {@code payara-micro} or {@code wildfly}: the server the suite's Arquillian deployment runs on. */
    static String server() {
        return "wildfly".equals(System.getProperty("arquillian.launch")) ? "wildfly" : "payara-micro";
    }

    /** Prints the figures and writes them to {@code target/proof/<suite>-<server>.txt}. */
    static void report(String suite, String server, List<String> lines) {
        StringBuilder text = new StringBuilder();
        text.append("form: ").append(full() ? "full" : "short").append('\n');
        for (String line : lines) {
            System.out.println("PROOF " + suite + ": " + line);
            text.append(line).append('\n');
        }
        Path file = Path.of(System.getProperty("basedir", "."), "target", "proof", suite + "-" + server + ".txt");
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
