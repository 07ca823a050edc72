package org.docbridge.web;

/** Plain-language messages for statuses that the framework, not docbridge, decided. */
final class Statuses {

    private Statuses() {
    }

    static String message(int status) {
        return switch (status) {
            case 400 -> "the request is malformed";
            case 403 -> "access denied";
            case 404 -> "no such endpoint or resource";
            case 405 -> "this endpoint does not accept that HTTP method";
            case 406 -> "the requested response type is not available";
            case 408 -> "the request came too slowly";
            case 411 -> "the request needs a Content-Length";
            case 413 -> "the request is too large";
            case 415 -> "the request's content type is not accepted here";
            case 416 -> "the requested range is not satisfiable";
            default -> status >= 500 ? "the server could not complete the request" : "the request was refused";
        };
    }
}
