/**
 * docbridge's shared state in a database: the id catalogue, locks, upload sessions and generated
 * secrets, which every node serving the same documents must see alike. An embedded H2 file in
 * {@code <data-dir>/state} by default, PostgreSQL (or a server's own datasource) for several
 * nodes; the schema comes from Flyway migrations in {@code db/migration}. {@link Database} runs the
 * SQL and turns its failures into one exception; {@link ChangeFeed} tells each node what to drop
 * from its caches; {@link StateProducer} opens it all from the settings at start. For the embedded
 * file, {@link EmbeddedRecovery} reopens it after H2 closed it on a failed write, and
 * {@link UncleanStop} makes H2 find every commit of a file its process left unclosed.
 */
package org.docbridge.state;
