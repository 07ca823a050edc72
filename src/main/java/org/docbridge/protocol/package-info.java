/**
 * The Workfront document webhooks protocol under {@code /api}: thin resources that read parameters,
 * call the store, and answer the protocol's JSON. Ordering, paging and the document object live here.
 */
package org.docbridge.protocol;
