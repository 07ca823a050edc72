package org.docbridge.actions;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.docbridge.web.ApiError;
import org.docbridge.web.Audit;

/**
 * Runs handlers on the server's managed executor, so that a run is bounded by its action's timeout
 * whatever the handler does, and an asynchronous action finishes after the answer has gone.
 */
@ApplicationScoped
public class ActionRunner {

    private static final Logger LOG = Logger.getLogger(ActionRunner.class.getName());

    @Resource
    ManagedExecutorService executor;

    @jakarta.inject.Inject
    org.docbridge.ops.Metrics metrics;

    /**
     * Runs {@code action} and answers its result, or throws the {@link ApiError} for the user: 500 with
     * the handler's message for an {@link ActionFailure}, 500 with a log reference for anything else,
     * 500 when it did not finish in time. The audit line is completed in every case.
     */
    public ActionResult run(Actions.Action action, ActionRequest request, Audit audit) {
        if (action.async()) {
            // the watcher waits for the run as a synchronous call would, and interrupts it at the timeout
            executor.submit(() -> {
                try {
                    ActionResult result = await(action, request, audit);
                    LOG.fine(() -> "Custom action '" + action.name() + "' finished in the background: " + result.message());
                } catch (RuntimeException e) {
                    // already in the audit line
                }
            });
            return ActionResult.success("the action '" + action.displayName() + "' was started and finishes in the background");
        }
        return await(action, request, audit);
    }

    /** Runs the handler on another thread, waiting at most the action's timeout. */
    private ActionResult await(Actions.Action action, ActionRequest request, Audit audit) {
        Future<ActionResult> run = executor.submit(() -> call(action, request));
        try {
            ActionResult result = run.get(action.timeout().toMillis(), TimeUnit.MILLISECONDS);
            audit.with("message", result.message()).ok();
            metrics.actionRun(action.name(), "success");
            return result;
        } catch (TimeoutException e) {
            run.cancel(true);
            metrics.actionRun(action.name(), "timeout");
            String message = "the action '" + action.displayName() + "' did not finish within " + seconds(action)
                    + "; it was stopped, and what it had done so far may remain";
            audit.done("timeout", message);
            LOG.warning(() -> "Custom action '" + action.name() + "' exceeded its timeout of " + action.timeout()
                    + " (" + request.settings().key("timeout") + ")");
            throw new ApiError(500, message);
        } catch (ExecutionException e) {
            Throwable cause = unwrap(e);
            metrics.actionRun(action.name(), "failure");
            if (cause instanceof ApiError || cause instanceof org.docbridge.store.StoreException
                    || cause instanceof org.docbridge.state.StateException) {
                // the protocol's own answers (403, 404, a taken name, 503...) keep their status
                audit.failed(cause instanceof ApiError api ? api.userMessage() : cause.getMessage());
                throw (RuntimeException) cause;
            }
            String message = describe(action, cause);
            audit.failed(message);
            throw new ApiError(500, message);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            run.cancel(true);
            metrics.actionRun(action.name(), "failure");
            audit.failed("interrupted");
            throw new ApiError(500, "the action '" + action.displayName() + "' was interrupted");
        }
    }

    private static ActionResult call(Actions.Action action, ActionRequest request) {
        try {
            ActionResult result = action.handler().run(request);
            return result == null ? ActionResult.success() : result;
        } catch (ActionFailure e) {
            throw new CompletionException(e);
        }
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof ExecutionException || t instanceof CompletionException
                || t instanceof jakarta.ejb.EJBException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /** The message for the user: the handler's own for an ActionFailure, a log reference otherwise. */
    private static String describe(Actions.Action action, Throwable cause) {
        if (cause instanceof ActionFailure failure && failure.getMessage() != null) {
            return failure.getMessage();
        }
        String reference = UUID.randomUUID().toString().substring(0, 8);
        LOG.log(Level.SEVERE, "Custom action '" + action.name() + "' (handler '" + action.handlerName()
                + "') failed, reference " + reference, cause);
        return "the action '" + action.displayName() + "' failed on the server (reference " + reference
                + " in the server log)";
    }

    private static String seconds(Actions.Action action) {
        long ms = action.timeout().toMillis();
        return ms % 1000 == 0 ? ms / 1000 + " s" : ms + " ms";
    }
}
