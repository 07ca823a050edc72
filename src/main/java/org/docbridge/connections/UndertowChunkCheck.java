package org.docbridge.connections;

import io.undertow.conduits.ChunkedStreamSourceConduit;
import io.undertow.conduits.ReadDataStreamSourceConduit;
import io.undertow.server.Connectors;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.protocol.http.HttpServerConnection;
import io.undertow.servlet.ServletExtension;
import io.undertow.servlet.api.DeploymentInfo;
import jakarta.servlet.ServletContext;
import org.xnio.conduits.ConduitStreamSourceChannel;

/**
 * On WildFly, checks the chunked framing of every request body sent to docbridge strictly. Undertow's
 * chunk decoder reads a size line leniently (in {@code 5<NUL>} it reads 5 and skips the rest of the
 * line, and it skips junk after a chunk's data), so a malformed body could end in a stored upload.
 * Before docbridge's servlets run, and before any byte of the body is read, the decoder Undertow set
 * on the connection is replaced by a new one of the same kind that reads through a
 * {@link CheckedChunksConduit}; a framing error closes the connection and docbridge stores nothing.
 * Undertow finds this class through {@code META-INF/services/io.undertow.servlet.ServletExtension};
 * other servers never load it.
 */
public class UndertowChunkCheck implements ServletExtension {

    @Override
    public void handleDeployment(DeploymentInfo deployment, ServletContext context) {
        deployment.addInitialHandlerChainWrapper(next -> exchange -> {
            checkChunks(exchange);
            next.handleRequest(exchange);
        });
    }

    private static void checkChunks(HttpServerExchange exchange) {
        if (!(exchange.getConnection() instanceof HttpServerConnection connection)) {
            return; // HTTP/2 has its own framing
        }
        ConduitStreamSourceChannel source = connection.getChannel().getSourceChannel();
        if (!(source.getConduit() instanceof ChunkedStreamSourceConduit)) {
            return;
        }
        ReadDataStreamSourceConduit raw = new ReadDataStreamSourceConduit(connection.getOriginalSourceConduit(), connection);
        source.setConduit(new ChunkedStreamSourceConduit(new CheckedChunksConduit(raw), exchange, decoder -> {
            if (!decoder.isFinished()) {
                exchange.setPersistent(false); // as Undertow's own: a body not read to its end ends the connection
            }
            Connectors.terminateRequest(exchange);
        }));
    }
}
