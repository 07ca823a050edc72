/**
 * Browser links ({@code viewLink}, {@code downloadLink}): signed, expiring URLs outside /api that
 * a browser opens without Workfront's headers.
 */
package org.docbridge.links;
