/**
 * Who may read and write what: access rules from configuration, matched against folder paths, and
 * the checks every endpoint makes with them.
 */
package org.docbridge.access;
