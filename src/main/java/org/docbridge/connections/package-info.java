/**
 * What docbridge adds to the application server's HTTP layer where the server's own settings fall
 * short. On Payara (Micro and Server), whose HTTP layer (Grizzly) has no deadline for a request head
 * and cannot close a connection whose answer the client never reads, docbridge watches the listeners
 * itself ({@code docbridge.http.head-timeout}, {@code docbridge.http.unread-answer-timeout}); WildFly's
 * listener has both deadlines of its own ({@code server-config/wildfly/configure.cli}). On
 * Payara, docbridge also mends two of the server's answers to malformed request lines: a 505 for an
 * unreadable HTTP version becomes a 400, and {@code GET *} goes to docbridge, which answers its 404
 * error JSON instead of the server's HTML page. On WildFly,
 * whose HTTP layer (Undertow) reads chunked framing leniently, docbridge checks each chunked request
 * body's framing strictly before its bytes reach Undertow's decoder. Each server's classes are loaded
 * only on that server.
 */
package org.docbridge.connections;
