package org.docbridge.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Refuses a form body declared longer than {@link #MAX_FORM_BYTES} from its headers, with the error
 * JSON (400), before anything waits for it. The servlet layer of some servers (Payara's) reads a
 * form body to find the request's parameters before JAX-RS's filters run: a client declaring a form
 * of gigabytes and sending none of it held the request until the server's read timeout. Uploads are
 * not forms, whatever their Content-Type: their limit is {@code docbridge.upload.max-bytes}.
 */
@WebFilter(filterName = "form-limit", urlPatterns = "/*")
public class FormLimitFilter extends HttpFilter {

    /** Form bodies are parameter lists, not documents: anything longer is refused. */
    public static final int MAX_FORM_BYTES = 64 * 1024;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String type = request.getContentType();
        if (type != null && type.regionMatches(true, 0, "application/x-www-form-urlencoded", 0, 33)
                && request.getContentLengthLong() > MAX_FORM_BYTES && !ErrorBody.isUpload(request.getRequestURI())) {
            byte[] body = new ErrorBody("the form body is longer than " + MAX_FORM_BYTES + " bytes").toJson()
                    .getBytes(StandardCharsets.UTF_8);
            response.setStatus(400);
            // the body announced is not read: the connection cannot carry another request
            response.setHeader("Connection", "close");
            response.setContentType("application/json;charset=UTF-8");
            response.setContentLength(body.length);
            response.getOutputStream().write(body);
            return;
        }
        chain.doFilter(request, response);
    }
}
