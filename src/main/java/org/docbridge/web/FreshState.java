package org.docbridge.web;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.ext.Provider;
import org.docbridge.state.ChangeFeed;

/**
 * Before a request is served, this node learns what other nodes changed (renames, deletes, locks):
 * its caches are then checked against the shared state, never trusted as they are. When the database
 * cannot be reached this answers 503, since the request could only be served from stale state.
 */
@Provider
@Priority(Priorities.AUTHENTICATION + 10)
public class FreshState implements ContainerRequestFilter {

    @Inject
    ChangeFeed feed;

    @Override
    public void filter(ContainerRequestContext request) {
        feed.catchUp();
    }
}
