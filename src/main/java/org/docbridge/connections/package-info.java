/**
 * Deadlines for HTTP connections that the application server's own settings leave open. On Payara
 * (Micro and Server), whose HTTP layer (Grizzly) has no deadline for a request head and cannot close
 * a connection whose answer the client never reads, docbridge watches the listeners itself
 * ({@code docbridge.http.head-timeout}, {@code docbridge.http.unread-answer-timeout}); WildFly's
 * listener has both deadlines of its own ({@code server-config/wildfly/configure.cli}).
 */
package org.docbridge.connections;
