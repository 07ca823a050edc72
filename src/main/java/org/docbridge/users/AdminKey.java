package org.docbridge.users;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.docbridge.state.Secrets;
import org.docbridge.web.ApiError;

/**
 * Who may manage the embedded users: a caller on the same machine as the node (a loopback address)
 * that presents the administrators' key, a secret docbridge generates and keeps like the API key (the
 * same on every node; a copy in {@code <data-dir>/state/admin-key}, readable by the server's user only).
 */
@ApplicationScoped
public class AdminKey {

    static final String NAME = "admin-key";

    @Inject
    Secrets secrets;

    /** Makes the key (and its copy in the state folder) at start, so that the command finds it. */
    public void ready() {
        secrets.secret(NAME);
    }

    /** Answers 403 unless the call comes from this machine with the key. */
    public void check(String remoteAddress, String authorization) {
        if (!loopback(remoteAddress)) {
            throw ApiError.forbidden("the users are managed from the server's own machine only");
        }
        String expected = "Bearer " + secrets.secret(NAME);
        if (authorization == null || !MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                authorization.strip().getBytes(StandardCharsets.UTF_8))) {
            throw ApiError.forbidden("missing or wrong administrators' key (state/admin-key in docbridge's data folder)");
        }
    }

    private static boolean loopback(String address) {
        try {
            return address != null && InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
