package org.docbridge.access;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.eclipse.microprofile.config.Config;

/**
 * Who may lift any lock, not only their own: the members of the group that
 * {@code docbridge.locks.admin-group} names (a group of {@code docbridge.access.group.<group>}, as
 * the access rules use). Without the setting, only the user who locked an item may unlock it.
 */
@ApplicationScoped
public class LockAdmins {

    static final String SETTING = "docbridge.locks.admin-group";

    @Inject
    Config config;

    private String group;
    private Set<String> members = Set.of();

    @PostConstruct
    void load() {
        load(config.getOptionalValue(SETTING, String.class),
                name -> config.getOptionalValue("docbridge.access.group." + name, String.class).orElse(null));
    }

    /** A fixed set, for tests: {@code setting} as it would be configured, {@code groups} the group settings. */
    static LockAdmins of(String setting, Function<String, String> groups) {
        LockAdmins admins = new LockAdmins();
        admins.load(Optional.ofNullable(setting), groups);
        return admins;
    }

    private void load(Optional<String> setting, Function<String, String> groups) {
        String name = setting.map(String::strip).orElse("");
        if (name.startsWith("@")) {
            name = name.substring(1); // written as in a rule
        }
        if (name.isEmpty()) {
            return;
        }
        if (!name.matches("[A-Za-z0-9_-]+")) {
            throw new IllegalStateException(SETTING + ": '" + setting.get() + "' is not a group name (letters, digits,"
                    + " '-' and '_'); name a group defined by docbridge.access.group.<group>");
        }
        String list = groups.apply(name);
        if (list == null || list.isBlank()) {
            throw new IllegalStateException(SETTING + ": the group '" + name + "' has no members; list them in"
                    + " docbridge.access.group." + name);
        }
        Set<String> keys = new HashSet<>();
        for (String member : list.split(",")) {
            if (!member.isBlank()) {
                keys.add(AccessRules.key(member));
            }
        }
        group = name;
        members = Set.copyOf(keys);
    }

    /** Whether {@code user} may lift anybody's lock. */
    public boolean includes(String user) {
        return user != null && members.contains(AccessRules.key(user));
    }

    /** For the start-up log: who besides the locker may unlock. */
    public String describe() {
        return group == null ? "nobody else (no " + SETTING + ")" : "the " + members.size() + " member(s) of the group '" + group + "'";
    }
}
