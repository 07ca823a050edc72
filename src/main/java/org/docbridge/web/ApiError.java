package org.docbridge.web;

import jakarta.ws.rs.WebApplicationException;

/**
 * A failure whose message is meant for the user: it travels unchanged into the protocol's error
 * JSON. Never put a path, a stack trace or a secret into one.
 */
public class ApiError extends WebApplicationException {

    private final String userMessage;

    public ApiError(int status, String userMessage) {
        super(userMessage, status);
        this.userMessage = userMessage;
    }

    public String userMessage() {
        return userMessage;
    }

    public static ApiError badRequest(String message) {
        return new ApiError(400, message);
    }

    public static ApiError forbidden(String message) {
        return new ApiError(403, message);
    }

    public static ApiError notFound(String message) {
        return new ApiError(404, message);
    }
}
