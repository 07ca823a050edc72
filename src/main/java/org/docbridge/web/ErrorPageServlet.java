package org.docbridge.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The error page the container uses for failures that never reach JAX-RS (a malformed URL, an
 * unmapped path): the same error JSON, so no client ever sees the server's HTML page.
 */
@WebServlet(name = "error-page", urlPatterns = "/error-page")
public class ErrorPageServlet extends HttpServlet {

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        // asked for directly rather than as the container's error page: there is nothing here
        int status = code == null ? 404 : code instanceof Integer i && i >= 400 ? i : 500;
        if (request.getAttribute(RequestDispatcher.ERROR_EXCEPTION) != null) {
            status = 500;
        }
        String message = Statuses.message(status);
        ErrorBody error = ErrorBody.isUpload((String) request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI))
                ? ErrorBody.forUpload(message) : new ErrorBody(message);
        byte[] body = error.toJson().getBytes(StandardCharsets.UTF_8);
        response.resetBuffer();
        response.setStatus(status);
        response.setContentType("application/json;charset=UTF-8");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
