package org.docbridge.web;

import jakarta.json.bind.annotation.JsonbPropertyOrder;

/**
 * The protocol's error JSON: {@code {"status":"error","error":"..."}}; for /upload, which speaks
 * of results, {@code {"result":"fail","status":"error","error":"..."}}.
 */
@JsonbPropertyOrder({"result", "status", "error"})
public class ErrorBody {

    /** "fail" for an upload's failure; absent otherwise. */
    public String result;
    public String status = "error";
    public String error;

    public ErrorBody() {
    }

    public ErrorBody(String error) {
        this.error = error;
    }

    public static ErrorBody forUpload(String error) {
        ErrorBody body = new ErrorBody(error);
        body.result = "fail";
        return body;
    }

    /** Whether a request path is the upload endpoint's, whose failures carry both vocabularies. */
    public static boolean isUpload(String path) {
        if (path == null) {
            return false;
        }
        String p = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        return p.equals("upload") || p.endsWith("/upload");
    }

    /** The same body written by hand, for the places that run outside JAX-RS. */
    public String toJson() {
        return "{" + (result == null ? "" : "\"result\":\"" + escape(result) + "\",")
                + "\"status\":\"error\",\"error\":\"" + escape(error) + "\"}";
    }

    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
