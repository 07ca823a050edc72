package org.docbridge.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Connections that hold a server without finishing a request: a request head sent one byte per
 * second, an upload body sent one byte per second after a valid head, a download that is never read.
 * One thread sends every slow byte; another watches, in the kernel's TCP table, when the server's end
 * of each connection stops being ESTABLISHED: the moment the server closed it, whatever the client
 * could see (a download's FIN waits behind the unread data).
 */
final class SlowClients implements AutoCloseable {

    enum Kind { HEAD, BODY, DOWNLOAD }

    /** One slow connection. */
    static final class Conn {
        final Kind kind;
        final SocketChannel socket;
        final byte[] trickle;
        int sent;
        /** When the slow part began (the head's first byte, the body's first byte, the request sent). */
        final long started = System.nanoTime();
        volatile long closedAfterNanos = -1;
        /** Polls in a row that found the server's end gone, and when the first of them was. */
        int gone;
        long goneSince;

        Conn(Kind kind, SocketChannel socket, byte[] trickle) {
            this.kind = kind;
            this.socket = socket;
            this.trickle = trickle;
        }

        boolean closed() {
            return closedAfterNanos >= 0;
        }

        /** What the server sent before it closed, its first line; empty for none (or a download). */
        String answer() {
            if (kind == Kind.DOWNLOAD) {
                return "";
            }
            try {
                ByteBuffer got = ByteBuffer.allocate(80);
                socket.read(got);
                String text = new String(got.array(), 0, got.position(), StandardCharsets.ISO_8859_1);
                return text.contains("\r") ? text.substring(0, text.indexOf('\r')) : text;
            } catch (IOException e) {
                return "";
            }
        }
    }

    private final String host;
    private final int port;
    final List<Conn> conns = new CopyOnWriteArrayList<>();
    private final Thread trickler;
    private final Thread watcher;
    private volatile boolean running = true;

    SlowClients(String host, int port) {
        this.host = host;
        this.port = port;
        trickler = new Thread(this::trickle, "slow-trickler");
        watcher = new Thread(this::watch, "slow-watcher");
        trickler.setDaemon(true);
        watcher.setDaemon(true);
        trickler.start();
        watcher.start();
    }

    /** A request head that never ends (its last header grows a byte a second), sent from its first byte. */
    void head(String pathAndQuery) throws IOException {
        String head = "GET " + pathAndQuery + " HTTP/1.1\r\nHost: " + host + "\r\napiKey: " + Api.KEY
                + "\r\nusername: " + Api.USER + "\r\nX-Slow: ";
        byte[] trickle = (head + "a".repeat(20_000)).getBytes(StandardCharsets.ISO_8859_1);
        conns.add(new Conn(Kind.HEAD, connect(0), trickle));
    }

    /** A valid PUT /upload head sent at once, then its body a byte a second. */
    void body(String pathAndQuery, long contentLength) throws IOException {
        SocketChannel socket = connect(0);
        String head = "PUT " + pathAndQuery + " HTTP/1.1\r\nHost: " + host + "\r\napiKey: " + Api.KEY
                + "\r\nusername: " + Api.USER + "\r\nContent-Type: application/octet-stream\r\nContent-Length: "
                + contentLength + "\r\n\r\n";
        send(socket, head);
        conns.add(new Conn(Kind.BODY, socket, new byte[(int) Math.min(contentLength, 100_000)]));
    }

    /** A download asked for whole and never read, with a small receive buffer. */
    void download(String pathAndQuery) throws IOException {
        SocketChannel socket = connect(4096);
        String request = "GET " + pathAndQuery + " HTTP/1.1\r\nHost: " + host + "\r\napiKey: " + Api.KEY
                + "\r\nusername: " + Api.USER + "\r\n\r\n";
        send(socket, request);
        conns.add(new Conn(Kind.DOWNLOAD, socket, new byte[0]));
    }

    /** Connected, then non-blocking: a trickle to a connection whose buffer is full must not hold the others. */
    private SocketChannel connect(int receiveBuffer) throws IOException {
        SocketChannel socket = SocketChannel.open();
        if (receiveBuffer > 0) {
            socket.socket().setReceiveBufferSize(receiveBuffer);
        }
        socket.connect(new InetSocketAddress(host, port));
        socket.configureBlocking(false);
        return socket;
    }

    private static void send(SocketChannel socket, String text) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.ISO_8859_1));
        while (bytes.hasRemaining()) {
            if (socket.write(bytes) == 0) {
                sleep(10);
            }
        }
    }

    long open(Kind kind) {
        return conns.stream().filter(c -> c.kind == kind && !c.closed()).count();
    }

    long openAll() {
        return conns.stream().filter(c -> !c.closed()).count();
    }

    /** Seconds after which the server closed each connection of this kind (-1: still open). */
    List<Double> closedAfter(Kind kind) {
        List<Double> seconds = new ArrayList<>();
        for (Conn c : conns) {
            if (c.kind == kind) {
                seconds.add(c.closed() ? c.closedAfterNanos / 1e9 : -1);
            }
        }
        return seconds;
    }

    private void trickle() {
        while (running) {
            for (Conn c : conns) {
                if (c.closed() || c.sent >= c.trickle.length || c.kind == Kind.DOWNLOAD) {
                    continue;
                }
                try {
                    c.sent += c.socket.write(ByteBuffer.wrap(c.trickle, c.sent, 1));
                } catch (IOException e) {
                    c.sent = c.trickle.length; // the server is gone from it: the watcher tells when
                }
            }
            sleep(1000);
        }
    }

    private void watch() {
        while (running) {
            Map<Integer, String> states = serverSideStates();
            long now = System.nanoTime();
            for (Conn c : conns) {
                if (!c.closed()) {
                    // 01: ESTABLISHED. /proc/net/tcp is not read atomically: an entry may be missed
                    // once, so the server's end counts as closed when three polls in a row miss it
                    if ("01".equals(states.get(c.socket.socket().getLocalPort()))) {
                        c.gone = 0;
                    } else if (c.gone++ == 0) {
                        c.goneSince = now;
                    } else if (c.gone >= 3) {
                        c.closedAfterNanos = c.goneSince - c.started;
                    }
                }
            }
            sleep(250);
        }
    }

    /** Client port -> TCP state of the server's end of each loopback connection to the port. */
    private Map<Integer, String> serverSideStates() {
        Map<Integer, String> states = new HashMap<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            try {
                for (String line : Files.readAllLines(Path.of(table))) {
                    String[] f = line.trim().split("\\s+");
                    if (f.length < 4 || !f[1].contains(":")) {
                        continue;
                    }
                    int local = Integer.parseInt(f[1].substring(f[1].indexOf(':') + 1), 16);
                    if (local == port) {
                        states.put(Integer.parseInt(f[2].substring(f[2].indexOf(':') + 1), 16), f[3]);
                    }
                }
            } catch (IOException | NumberFormatException e) {
                // a table that is missing (no IPv6) or a header line
            }
        }
        return states;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        for (Conn c : conns) {
            try {
                c.socket.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
