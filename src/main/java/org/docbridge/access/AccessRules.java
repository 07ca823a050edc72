package org.docbridge.access;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Access rules, parsed once. A rule grants a level on a folder (by its path from the store's root)
 * and everything below it, to a user, a group or everybody:
 *
 * <pre>
 *   &lt;who&gt; &lt;level&gt; &lt;path&gt;      who: a user name, @group or *;  level: none, read or write
 * </pre>
 *
 * For an item, the deepest folder on its path (itself included) that has a rule matching the user
 * decides; if several rules there match (the user and a group of theirs), the most permissive one
 * wins. With no matching rule anywhere on the path, the default level applies.
 */
public final class AccessRules {

    /** Whom a grant is for. */
    private enum Kind { EVERYBODY, USER, GROUP }

    /** One rule's grant: {@code who} is the lower-cased user name or the group name. */
    private record Grant(Kind kind, String who, Level level) {
    }

    /** A folder named by some rule, or lying on the way to one. */
    private static final class Node {
        final Map<String, Node> children = new HashMap<>();
        final List<Grant> grants = new ArrayList<>();
    }

    private final Node root = new Node();
    private final Level defaultLevel;
    /** Lower-cased user name to the groups they are in. */
    private final Map<String, Set<String>> groupsOf = new HashMap<>();
    private final int ruleCount;
    private final Function<String, Set<String>> directory;
    /** How many groups the rules name: without any, nobody's groups are looked up. */
    private final int groupNamesUsed;

    /**
     * @param defaultLevel what everybody may do where no rule says otherwise
     * @param rules        rules separated by ';' or line breaks (see the class comment)
     * @param members      a group's members (user names separated by commas) by group name; null if
     *                     the group is not configured
     * @throws IllegalArgumentException naming the rule and what is wrong with it
     */
    public AccessRules(Level defaultLevel, String rules, Function<String, String> members) {
        this(defaultLevel, rules, members, null);
    }

    /**
     * @param directory the groups a user is in according to the company directory (or the embedded
     *                  users), or null if there is none; with one, a rule may name a group that is
     *                  not configured: its members come from the directory
     */
    public AccessRules(Level defaultLevel, String rules, Function<String, String> members,
            Function<String, Set<String>> directory) {
        this.defaultLevel = defaultLevel;
        this.directory = directory;
        int count = 0;
        Map<String, Integer> groups = new HashMap<>();
        for (String raw : rules == null ? new String[0] : rules.split("[;\\n]")) {
            String rule = raw.strip();
            if (rule.isEmpty()) {
                continue;
            }
            count++;
            try {
                add(rule, count, groups);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("rule " + count + " ('" + rule + "'): " + e.getMessage(), e);
            }
        }
        this.ruleCount = count;
        this.groupNamesUsed = groups.size();
        for (Map.Entry<String, Integer> used : groups.entrySet()) {
            String group = used.getKey();
            String list = members.apply(group);
            if (list == null && directory != null) {
                continue;
            }
            if (list == null) {
                throw new IllegalArgumentException("rule " + used.getValue() + " uses the group @" + group
                        + ", which has no members; list them in docbridge.access.group." + group);
            }
            for (String member : list.split(",")) {
                if (!member.isBlank()) {
                    groupsOf.computeIfAbsent(key(member), m -> new HashSet<>()).add(group);
                }
            }
        }
    }

    public static AccessRules everybody(Level level) {
        return new AccessRules(level, "", group -> null);
    }

    private void add(String rule, int number, Map<String, Integer> groups) {
        String[] parts = rule.split("\\s+", 3);
        if (parts.length < 3 || !parts[2].startsWith("/")) {
            throw new IllegalArgumentException("expected '<user, @group or *> <none|read|write> </folder/path>'");
        }
        String who = parts[0];
        if (who.startsWith("@")) {
            String group = who.substring(1);
            if (!group.matches("[A-Za-z0-9_-]+")) {
                throw new IllegalArgumentException("a group name is letters, digits, '-' and '_'");
            }
            groups.putIfAbsent(group, number);
        }
        Level level = Level.parse(parts[1]);
        Node node = root;
        for (String name : parts[2].split("/")) {
            if (name.isEmpty()) {
                continue;
            }
            if (name.equals(".") || name.equals("..")) {
                throw new IllegalArgumentException("a path may not contain '.' or '..'");
            }
            node = node.children.computeIfAbsent(Normalizer.normalize(name, Normalizer.Form.NFC), n -> new Node());
        }
        if (who.equals("*")) {
            node.grants.add(new Grant(Kind.EVERYBODY, "*", level));
        } else if (who.startsWith("@")) {
            node.grants.add(new Grant(Kind.GROUP, who.substring(1), level));
        } else {
            node.grants.add(new Grant(Kind.USER, key(who), level));
        }
    }

    public int size() {
        return ruleCount;
    }

    public Level defaultLevel() {
        return defaultLevel;
    }

    /** What {@code user} may do with the item at {@code trail} (names from the root). */
    public Level level(String user, List<String> trail) {
        return new Scope(user, trail).level;
    }

    /**
     * What {@code user} may do with each child of the folder at {@code trail}: the folder's level,
     * unless a rule names the child (one map look-up per child, so listing a huge folder stays cheap).
     */
    public Function<String, Level> children(String user, List<String> trail) {
        Scope folder = new Scope(user, trail);
        if (folder.node == null || folder.node.children.isEmpty()) {
            return name -> folder.level;
        }
        Map<String, Node> named = folder.node.children;
        return name -> {
            Node child = named.get(nfc(name));
            Level decided = child == null ? null : folder.decide(child);
            return decided == null ? folder.level : decided;
        };
    }

    /**
     * Whether the item at {@code trail} is a folder that a rule names, or that holds one: renaming,
     * moving or deleting it would silently change what the rules protect.
     */
    public boolean pins(List<String> trail) {
        Node node = root;
        for (String name : trail) {
            node = node.children.get(nfc(name));
            if (node == null) {
                return false;
            }
        }
        return true;
    }

    /** The path of rules walked for one user down to one item. */
    private final class Scope {
        final Set<String> groups;
        final String user;
        Node node;
        Level level = defaultLevel;

        Scope(String user, List<String> trail) {
            this.user = key(user);
            this.groups = groupsOf(this.user, user);
            node = root;
            apply(root);
            for (String name : trail) {
                node = node.children.get(nfc(name));
                if (node == null) {
                    return;
                }
                apply(node);
            }
        }

        private void apply(Node n) {
            Level decided = decide(n);
            if (decided != null) {
                level = decided;
            }
        }

        /** The most permissive level the rules at {@code n} grant this user, or null if none matches. */
        Level decide(Node n) {
            Level best = null;
            for (Grant g : n.grants) {
                boolean matches = switch (g.kind()) {
                    case EVERYBODY -> true;
                    case USER -> g.who().equals(user);
                    case GROUP -> groups.contains(g.who());
                };
                if (matches && (best == null || g.level().compareTo(best) > 0)) {
                    best = g.level();
                }
            }
            return best;
        }
    }

    /** The groups configured for {@code key} and, with a directory, those it knows {@code user} in. */
    private Set<String> groupsOf(String key, String user) {
        Set<String> configured = groupsOf.getOrDefault(key, Set.of());
        if (directory == null || groupNamesUsed == 0) {
            return configured;
        }
        Set<String> known = directory.apply(user.strip());
        if (known.isEmpty()) {
            return configured;
        }
        Set<String> all = new HashSet<>(configured);
        all.addAll(known);
        return all;
    }

    /** Names on disk may be decomposed (NFD, as some systems write them); rules are matched in NFC. */
    private static String nfc(String name) {
        return Normalizer.isNormalized(name, Normalizer.Form.NFC) ? name : Normalizer.normalize(name, Normalizer.Form.NFC);
    }

    /** A user name as rules and lock administrators compare it: ignoring case and surrounding blanks. */
    static String key(String user) {
        return user.strip().toLowerCase(Locale.ROOT);
    }
}
