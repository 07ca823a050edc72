/**
 * The document store extension point: {@link org.docbridge.store.DocumentStore} and the values it
 * speaks in. Back ends live in sub-packages; {@code filesystem} is the first. Nothing here knows HTTP.
 */
package org.docbridge.store;
