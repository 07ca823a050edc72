package org.docbridge.users;

import java.util.Set;

/** Someone who logged in: the user name docbridge acts as, a name to greet them with, their groups. */
public record Person(String name, String displayName, Set<String> groups) {
}
