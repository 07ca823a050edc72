package org.docbridge.users;

import java.util.Hashtable;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import javax.naming.AuthenticationException;
import javax.naming.Context;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.directory.Attribute;
import javax.naming.directory.DirContext;
import javax.naming.directory.InitialDirContext;
import javax.naming.directory.SearchControls;
import javax.naming.directory.SearchResult;

/**
 * A company directory over LDAP (OpenLDAP, Active Directory), in the manner of Jakarta Security's
 * LDAP identity store: the service account (or an anonymous bind) finds the user's entry with the
 * caller search filter under the caller base; a bind as that entry with the password checks it; the
 * groups are the {@code cn} of the entries the group search filter finds with the user's DN.
 * The user's name reaches every filter as a JNDI argument, so it is escaped and cannot change it.
 */
public final class LdapDirectory implements Directory {

    /** The {@code docbridge.ldap.*} settings. */
    public record Settings(String url, String bindDn, String bindPassword, String callerBaseDn,
            String callerSearchFilter, String groupSearchBase, String groupSearchFilter) {
    }

    /** Active Directory's userAccountControl bit for a disabled account. */
    private static final int ACCOUNT_DISABLE = 0x2;
    private static final String[] CALLER_ATTRIBUTES = {"cn", "displayName", "userAccountControl"};

    private final Settings settings;

    public LdapDirectory(Settings settings) {
        this.settings = settings;
    }

    private record Entry(String dn, String displayName, boolean disabled) {
    }

    @Override
    public Optional<Person> authenticate(String name, char[] password) {
        String user = name.strip();
        // an empty password is an "unauthenticated bind", which many directories accept: never a login
        if (user.isEmpty() || password.length == 0) {
            return Optional.empty();
        }
        Optional<Entry> entry = find(user);
        if (entry.isEmpty() || entry.get().disabled()) {
            return Optional.empty();
        }
        try {
            close(open(entry.get().dn(), new String(password)));
        } catch (AuthenticationException wrongPassword) {
            return Optional.empty();
        } catch (NamingException e) {
            throw unavailable("check the password of " + user, e);
        }
        String key = EmbeddedUsers.key(user); // as the access rules compare names: ignoring case
        return Optional.of(new Person(key, entry.get().displayName() == null ? key : entry.get().displayName(),
                groupsOf(entry.get().dn())));
    }

    @Override
    public boolean active(String name) {
        return find(name.strip()).map(e -> !e.disabled()).orElse(false);
    }

    @Override
    public Set<String> groups(String name) {
        return find(name.strip()).map(e -> groupsOf(e.dn())).orElse(Set.of());
    }

    @Override
    public String description() {
        return "the directory at " + settings.url();
    }

    /** The user's entry: exactly one match of the caller search filter, or none. */
    private Optional<Entry> find(String user) {
        if (user.isEmpty()) {
            return Optional.empty();
        }
        DirContext context = serviceContext();
        try {
            SearchControls controls = new SearchControls(SearchControls.SUBTREE_SCOPE, 2, 10_000, CALLER_ATTRIBUTES,
                    false, false);
            NamingEnumeration<SearchResult> found = context.search(settings.callerBaseDn(),
                    settings.callerSearchFilter(), new Object[] {user}, controls);
            try {
                if (!found.hasMore()) {
                    return Optional.empty();
                }
                SearchResult result = found.next();
                if (found.hasMore()) {
                    return Optional.empty(); // two entries answer to one name: neither is this user
                }
                String displayName = first(result.getAttributes().get("displayName"));
                if (displayName == null) {
                    displayName = first(result.getAttributes().get("cn"));
                }
                String control = first(result.getAttributes().get("userAccountControl"));
                boolean disabled = control != null && control.matches("\\d+")
                        && (Long.parseLong(control) & ACCOUNT_DISABLE) != 0;
                return Optional.of(new Entry(result.getNameInNamespace(), displayName, disabled));
            } finally {
                found.close();
            }
        } catch (javax.naming.SizeLimitExceededException twoOrMore) {
            return Optional.empty();
        } catch (NamingException e) {
            throw unavailable("look up " + user, e);
        } finally {
            close(context);
        }
    }

    private Set<String> groupsOf(String dn) {
        if (settings.groupSearchBase() == null) {
            return Set.of();
        }
        DirContext context = serviceContext();
        try {
            SearchControls controls = new SearchControls(SearchControls.SUBTREE_SCOPE, 1000, 10_000,
                    new String[] {"cn"}, false, false);
            NamingEnumeration<SearchResult> found = context.search(settings.groupSearchBase(),
                    settings.groupSearchFilter(), new Object[] {dn}, controls);
            Set<String> groups = new LinkedHashSet<>();
            try {
                while (found.hasMore()) {
                    String cn = first(found.next().getAttributes().get("cn"));
                    if (cn != null) {
                        groups.add(cn);
                    }
                }
            } finally {
                found.close();
            }
            return java.util.Collections.unmodifiableSet(groups);
        } catch (NamingException e) {
            throw unavailable("find the groups of " + dn, e);
        } finally {
            close(context);
        }
    }

    private DirContext serviceContext() {
        try {
            return open(settings.bindDn(), settings.bindPassword());
        } catch (AuthenticationException e) {
            throw new DirectoryUnavailable("The directory at " + settings.url() + " refuses the service account "
                    + settings.bindDn() + ": check docbridge.ldap.bind-dn and docbridge.ldap.bind-password", e);
        } catch (NamingException e) {
            throw unavailable("bind", e);
        }
    }

    private DirContext open(String dn, String password) throws NamingException {
        Hashtable<String, Object> env = new Hashtable<>();
        env.put(Context.INITIAL_CONTEXT_FACTORY, "com.sun.jndi.ldap.LdapCtxFactory");
        env.put(Context.PROVIDER_URL, settings.url());
        env.put("com.sun.jndi.ldap.connect.timeout", "5000");
        env.put("com.sun.jndi.ldap.read.timeout", "10000");
        env.put(Context.REFERRAL, "ignore");
        if (dn != null) {
            env.put(Context.SECURITY_AUTHENTICATION, "simple");
            env.put(Context.SECURITY_PRINCIPAL, dn);
            env.put(Context.SECURITY_CREDENTIALS, password == null ? "" : password);
        } else {
            env.put(Context.SECURITY_AUTHENTICATION, "none");
        }
        return new InitialDirContext(env);
    }

    private DirectoryUnavailable unavailable(String what, NamingException e) {
        return new DirectoryUnavailable("The directory at " + settings.url() + " could not " + what + ": "
                + e.getClass().getSimpleName() + (e.getExplanation() == null ? "" : " (" + e.getExplanation() + ")"), e);
    }

    private static String first(Attribute attribute) throws NamingException {
        if (attribute == null || attribute.size() == 0) {
            return null;
        }
        Object value = attribute.get();
        return value == null ? null : value.toString();
    }

    private static void close(DirContext context) {
        try {
            context.close();
        } catch (NamingException e) {
            // the connection is gone either way
        }
    }
}
