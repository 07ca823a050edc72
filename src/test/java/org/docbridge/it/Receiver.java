package org.docbridge.it;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A third party on 127.0.0.1: records every request that reaches it, and answers the paths it was
 * given (anything else with an empty 204).
 */
final class Receiver implements AutoCloseable {

    private final HttpServer server;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();

    record Answer(String type, byte[] body) {
    }

    Receiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            requests.add(exchange.getRequestURI().getPath());
            Answer answer = answers.get(exchange.getRequestURI().getPath());
            if (answer == null) {
                exchange.sendResponseHeaders(204, -1);
            } else {
                exchange.getResponseHeaders().set("Content-Type", answer.type);
                exchange.sendResponseHeaders(200, answer.body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(answer.body);
                }
            }
            exchange.close();
        });
        server.start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    void answer(String path, String type, String body) {
        answers.put(path, new Answer(type, body.getBytes(StandardCharsets.UTF_8)));
    }

    void answer(String path, String type, byte[] body) {
        answers.put(path, new Answer(type, body));
    }

    /** The paths requested since the last call. */
    List<String> take() {
        List<String> taken = new ArrayList<>(requests);
        requests.removeAll(taken);
        return taken;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
