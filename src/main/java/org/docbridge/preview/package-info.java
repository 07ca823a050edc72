/**
 * Previews of documents that are unsafe to render inside the server: PDFs, rendered by a pool of
 * warm renderer processes ({@link org.docbridge.preview.PdfRenderers}, each a JVM with its own small
 * heap, killed at a time limit), and office documents, converted to PDF by LibreOffice in a process
 * of its own first ({@link org.docbridge.preview.OfficeConverter}). What the server holds of a render
 * is the finished PNG; a hostile file costs at most one renderer process.
 */
package org.docbridge.preview;
