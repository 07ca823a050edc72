package org.docbridge.auth;

import jakarta.ws.rs.core.SecurityContext;
import java.security.Principal;
import org.docbridge.web.ApiError;

/** The acting user of a protocol call, as authentication established it. */
public final class Users {

    private Users() {
    }

    /** The Workfront user name; 403 if the call was not authenticated (a public endpoint asking). */
    public static String name(SecurityContext security) {
        Principal user = security == null ? null : security.getUserPrincipal();
        if (user == null) {
            throw ApiError.forbidden("missing username header");
        }
        return user.getName();
    }
}
