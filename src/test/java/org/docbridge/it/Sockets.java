package org.docbridge.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The TCP sockets of a port on this machine and their queues, from {@code /proc/net/tcp} (no tool
 * needed), for the message of a call that hung: bytes waiting in the server's receive queue (or
 * connections waiting to be accepted) mean the server stopped reading; in the client's, that the
 * client stopped reading an answer that came.
 */
final class Sockets {

    private static final Map<String, String> STATES = Map.ofEntries(Map.entry("01", "ESTABLISHED"),
            Map.entry("02", "SYN_SENT"), Map.entry("03", "SYN_RECV"), Map.entry("04", "FIN_WAIT1"),
            Map.entry("05", "FIN_WAIT2"), Map.entry("06", "TIME_WAIT"), Map.entry("07", "CLOSE"),
            Map.entry("08", "CLOSE_WAIT"), Map.entry("09", "LAST_ACK"), Map.entry("0A", "LISTEN"),
            Map.entry("0B", "CLOSING"));

    private Sockets() {
    }

    /** One line per socket with {@code port} at either end (but those in TIME_WAIT), or why there are none. */
    static String of(int port) {
        List<String> out = new ArrayList<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            try {
                for (String line : Files.readAllLines(Path.of(table))) {
                    String described = describe(line, port);
                    if (described != null) {
                        out.add(described);
                    }
                }
            } catch (IOException e) {
                out.add("(" + table + " unreadable: " + e.getMessage() + ")");
            }
        }
        return out.isEmpty() ? "(no socket of port " + port + ")" : String.join("; ", out);
    }

    /** A line of /proc/net/tcp as "local -> remote STATE, send queue n, receive queue n"; null if not of the port. */
    static String describe(String line, int port) {
        String[] f = line.trim().split("\\s+");
        if (f.length < 5 || !f[1].contains(":") || f[0].equals("sl")) {
            return null;
        }
        int local = Integer.parseInt(f[1].substring(f[1].indexOf(':') + 1), 16);
        int remote = Integer.parseInt(f[2].substring(f[2].indexOf(':') + 1), 16);
        String state = STATES.getOrDefault(f[3], f[3]);
        if (local != port && remote != port || state.equals("TIME_WAIT")) {
            return null;
        }
        String[] queues = f[4].split(":");
        String side = local == port ? (state.equals("LISTEN") ? "server listening" : "server") : "client";
        return side + " :" + local + " -> :" + remote + " " + state + ", send queue " + Long.parseLong(queues[0], 16)
                + ", receive queue " + Long.parseLong(queues[1], 16);
    }
}
