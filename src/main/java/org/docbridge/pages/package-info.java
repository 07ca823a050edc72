/**
 * The HTML pages people see (login, consent, errors, the document page): templates in
 * {@code src/main/webapp/WEB-INF/pages}, all text in the {@code messages} resource bundles (English
 * and Italian; a third language is one more file), chosen from the browser's {@code Accept-Language},
 * and the headers that keep them out of frames, caches and other sites' reach.
 */
package org.docbridge.pages;
