/**
 * The write path: uploads (uploadInit, upload) with the Workfront document each one belongs to,
 * new folders, rename and delete.
 */
package org.docbridge.writes;
