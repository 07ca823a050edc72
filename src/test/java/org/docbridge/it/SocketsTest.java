package org.docbridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import org.junit.jupiter.api.Test;

/** How {@link Sockets} reads the kernel's table, and that it sees a request nobody read. */
class SocketsTest {

    @Test
    void aLineOfTheTableNamesItsSideStateAndQueues() {
        // port 8080 = 0x1F90, 53422 = 0xD0AE; 0x2A = 42 bytes waiting to be read
        String server = "   1: 0100007F:1F90 0100007F:D0AE 01 00000000:0000002A 00:00000000 00000000     0        0 12345";
        assertEquals("server :8080 -> :53422 ESTABLISHED, send queue 0, receive queue 42", Sockets.describe(server, 8080));
        String client = "   2: 0100007F:D0AE 0100007F:1F90 01 00000010:00000000 00:00000000 00000000     0        0 12346";
        assertEquals("client :53422 -> :8080 ESTABLISHED, send queue 16, receive queue 0", Sockets.describe(client, 8080));
        String listening = "   0: 00000000:1F90 00000000:0000 0A 00000000:00000003 00:00000000 00000000     0        0 1";
        assertEquals("server listening :8080 -> :0 LISTEN, send queue 0, receive queue 3", Sockets.describe(listening, 8080));
        assertNull(Sockets.describe(server.replace(" 01 ", " 06 "), 8080), "TIME_WAIT is left out");
        assertNull(Sockets.describe(server, 9090));
        assertNull(Sockets.describe("  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt", 8080));
    }

    @Test
    void aRequestTheServerNeverReadIsInItsReceiveQueue() throws Exception {
        try (ServerSocket listening = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
                Socket client = new Socket(InetAddress.getLoopbackAddress(), listening.getLocalPort());
                Socket accepted = listening.accept()) {
            OutputStream out = client.getOutputStream();
            out.write("PUT /api/delete HTTP/1.1\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            out.flush();
            String seen = "";
            for (int i = 0; i < 50 && !seen.contains("server :" + listening.getLocalPort()); i++) {
                Thread.sleep(20);
                seen = Sockets.of(listening.getLocalPort());
            }
            assertTrue(seen.contains("ESTABLISHED, send queue 0, receive queue 28"), seen);
            InputStream in = accepted.getInputStream();
            in.readNBytes(28);
            assertTrue(Sockets.of(listening.getLocalPort()).contains("receive queue 0"));
        }
    }
}
