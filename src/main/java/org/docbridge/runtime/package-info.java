/**
 * Wiring and start-up: the data folder and its generated secrets, the store chosen by
 * configuration, the checks and log lines of a start.
 */
package org.docbridge.runtime;
