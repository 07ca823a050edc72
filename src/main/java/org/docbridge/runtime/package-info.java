/**
 * Wiring and start-up: the data folder, its generated secrets and the lock that keeps it one
 * server's, the store chosen by configuration, the checks and log lines of a start.
 */
package org.docbridge.runtime;
