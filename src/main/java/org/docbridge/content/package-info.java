/**
 * Serving a document's bytes: downloads with ranges and validators, content types, thumbnails.
 * Shared by the protocol's endpoints and the browser links.
 */
package org.docbridge.content;
