/**
 * Serving a document's bytes: downloads with ranges and validators, content types, thumbnails and
 * their cache on disk. Images are drawn here; PDFs and office documents by the renderer processes of
 * {@link org.docbridge.preview}. Shared by the protocol's endpoints and the browser links.
 */
package org.docbridge.content;
