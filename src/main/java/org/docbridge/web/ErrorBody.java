package org.docbridge.web;

import jakarta.json.bind.annotation.JsonbPropertyOrder;

/** The protocol's error JSON: {@code {"status":"error","error":"..."}}. */
@JsonbPropertyOrder({"status", "error"})
public class ErrorBody {

    public String status = "error";
    public String error;

    public ErrorBody() {
    }

    public ErrorBody(String error) {
        this.error = error;
    }

    /** The same body written by hand, for the places that run outside JAX-RS. */
    public String toJson() {
        return "{\"status\":\"error\",\"error\":\"" + escape(error) + "\"}";
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
