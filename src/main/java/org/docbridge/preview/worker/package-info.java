/**
 * The PDF renderer's own program: runs in a separate JVM with a small heap (started and fed by
 * {@link org.docbridge.preview.PdfRenderers}), never inside the server. It is packed with PDFBox into
 * {@code docbridge-renderer.jar}, and its classes are left out of the WAR's class path. A hostile
 * file can exhaust this process's memory or hang it; the server then kills it and answers 404.
 */
package org.docbridge.preview.worker;
