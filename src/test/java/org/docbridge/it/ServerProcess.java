package org.docbridge.it;

import java.time.Duration;

/**
 * A docbridge server in a process of the test's own, on a data folder and a port that stay the same
 * across restarts: {@link Node} on Payara Micro, {@link WildFlyNode} on WildFly.
 */
interface ServerProcess extends AutoCloseable {

    /** Launches the server and returns at once. */
    void start();

    /** Waits until docbridge answers /serviceInfo; fails with the end of the log if it does not. */
    void awaitReady(Duration timeout) throws InterruptedException;

    /** A Workfront-like client of this server; the same port across restarts. */
    Api api();

    /** Where the server answers MicroProfile Health ({@code health/ready}...): its HTTP root, or WildFly's management port. */
    Api health();

    /** kill -9 of the server (and of every process it started): nothing it can do about it. */
    void kill() throws InterruptedException;

    /** The last lines of the server's log. */
    String logTail();

    /** Stops the server as an admin would. */
    @Override
    void close() throws InterruptedException;
}
