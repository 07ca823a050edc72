/**
 * What an operations team watches: the health checks a load balancer and an orchestrator ask
 * (live, ready, started, served by the server's MicroProfile Health), the Prometheus metrics at
 * {@code /metrics} with who may read them, the effective configuration logged at start, and the
 * orderly stop that takes the node out of rotation before it waits for the uploads in flight.
 */
package org.docbridge.ops;
