package org.docbridge.users;

import java.util.Optional;
import java.util.Set;

/** Where logins are checked and groups are found. Implementations are thread-safe. */
public interface Directory {

    /**
     * The person whose name and password these are, if the account exists and is not disabled; empty
     * otherwise, in about the same time whether the name is unknown or the password wrong.
     *
     * @throws DirectoryUnavailable when the directory cannot be asked
     */
    Optional<Person> authenticate(String name, char[] password);

    /** Whether {@code name} is an account that may still act (exists, not disabled). */
    boolean active(String name);

    /** The groups {@code name} is in; empty for an unknown name. */
    Set<String> groups(String name);

    /** What it is, for logs: "the embedded users", "the directory at ldap://...". */
    String description();

    /** The directory cannot be reached or refused the service account: nothing can be decided. */
    final class DirectoryUnavailable extends RuntimeException {
        public DirectoryUnavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
