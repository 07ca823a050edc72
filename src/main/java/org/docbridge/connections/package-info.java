/**
 * What docbridge adds to the application server's HTTP layer where the server's own settings fall
 * short. On Payara (Micro and Server), whose HTTP layer (Grizzly) has no deadline for a request head
 * and cannot close a connection whose answer the client never reads, docbridge watches the listeners
 * itself ({@code docbridge.http.head-timeout}, {@code docbridge.http.unread-answer-timeout}); WildFly's
 * listener has both deadlines of its own ({@code server-config/wildfly/configure.cli}). There,
 * docbridge also makes Grizzly's 505 for a request line with an unreadable HTTP version the 400 a
 * client's mistake is owed. On WildFly,
 * whose HTTP layer (Undertow) reads chunked framing leniently, docbridge checks each chunked request
 * body's framing strictly before its bytes reach Undertow's decoder. Each server's classes are loaded
 * only on that server.
 */
package org.docbridge.connections;
