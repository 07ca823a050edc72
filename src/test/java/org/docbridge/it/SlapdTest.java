package org.docbridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import javax.naming.AuthenticationException;
import javax.naming.NameNotFoundException;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.directory.DirContext;
import javax.naming.directory.SearchControls;
import javax.naming.directory.SearchResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The test directory itself: what the LDAP integration tests rely on. */
class SlapdTest {

    private static Slapd slapd;

    @BeforeAll
    static void start() {
        slapd = Slapd.start(Path.of("target/slapd-selfcheck"));
    }

    @AfterAll
    static void stop() {
        if (slapd != null) {
            slapd.close();
        }
    }

    @Test
    void peopleBindWithTheirPasswordOnly() throws NamingException {
        slapd.bind(Slapd.userDn("ann"), Slapd.password("ann")).close();
        slapd.bind(Slapd.userDn("carla"), Slapd.password("carla")).close();
        assertThrows(AuthenticationException.class, () -> slapd.bind(Slapd.userDn("ann"), Slapd.password("bob")));
        assertThrows(AuthenticationException.class, () -> slapd.bind(Slapd.ADMIN_DN, "not-the-admin-password"));
    }

    @Test
    void groupsAreFoundByMember() throws NamingException {
        assertEquals(Set.of("finance"), groupsOf("ann"));
        assertEquals(Set.of("legal"), groupsOf("bob"));
        assertEquals(Set.of("finance"), groupsOf("carla"));
    }

    @Test
    void anonymousUsersSeeNothing() throws NamingException {
        DirContext anonymous = slapd.bind(null, null);
        try {
            assertEquals(Set.of(), cns(anonymous, Slapd.PEOPLE, "(uid=ann)", "uid"));
        } catch (NameNotFoundException hidden) {
            // slapd does not even disclose the base: as good
        } finally {
            anonymous.close();
        }
    }

    @Test
    void addedPeopleBind() throws NamingException {
        slapd.addUser("dora", "Dora Marini", "dora-directory-password");
        slapd.bind(Slapd.userDn("dora"), "dora-directory-password").close();
        assertThrows(AuthenticationException.class, () -> slapd.bind(Slapd.userDn("dora"), "wrong-password"));
        assertEquals(Set.of("dora"), asAdmin(Slapd.PEOPLE, "(uid=dora)", "uid"));
        assertEquals(Set.of(), groupsOf("dora"));
    }

    @Test
    void deletedPeopleAreGone() throws NamingException {
        slapd.addUser("eve", "Eve Conti", "eve-directory-password");
        slapd.deleteUser("eve");
        assertEquals(Set.of(), asAdmin(Slapd.PEOPLE, "(uid=eve)", "uid"));
        assertThrows(AuthenticationException.class, () -> slapd.bind(Slapd.userDn("eve"), "eve-directory-password"));
    }

    @Test
    void membersComeAndGo() throws NamingException {
        slapd.addUser("fred", "Fred Galli", "fred-directory-password");
        slapd.addMember("legal", "fred");
        slapd.addMember("finance", "fred");
        assertEquals(Set.of("finance", "legal"), groupsOf("fred"));
        slapd.removeMember("finance", "fred");
        assertEquals(Set.of("legal"), groupsOf("fred"));
        slapd.removeMember("legal", "fred");
        assertEquals(Set.of(), groupsOf("fred"));
        assertEquals(Set.of("finance"), groupsOf("ann"));
    }

    @Test
    void settingsNameThisDirectory() {
        assertEquals(slapd.url(), slapd.settings().get("DOCBRIDGE_LDAP_URL"));
        assertEquals(Slapd.ADMIN_DN, slapd.settings().get("DOCBRIDGE_LDAP_BIND_DN"));
        assertEquals(Slapd.PEOPLE, slapd.settings().get("DOCBRIDGE_LDAP_CALLER_BASE_DN"));
        assertEquals(Slapd.GROUPS, slapd.settings().get("DOCBRIDGE_LDAP_GROUP_SEARCH_BASE"));
    }

    @Test
    void closeStopsTheServer() throws NamingException {
        Slapd own = Slapd.start(Path.of("target/slapd-selfcheck-close"));
        int port = URI.create(own.url()).getPort();
        own.bind(Slapd.userDn("bob"), Slapd.password("bob")).close();
        own.close();
        own.close(); // again: nothing
        assertThrows(ConnectException.class, () -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            }
        });
        assertThrows(NamingException.class, () -> own.bind(Slapd.userDn("bob"), Slapd.password("bob")));
    }

    /** The cn of the groups the service account finds with docbridge's default filter (member={0}). */
    private static Set<String> groupsOf(String uid) throws NamingException {
        return asAdmin(Slapd.GROUPS, "(member={0})", "cn", Slapd.userDn(uid));
    }

    private static Set<String> asAdmin(String base, String filter, String attribute, Object... arguments)
            throws NamingException {
        DirContext admin = slapd.bind(Slapd.ADMIN_DN, Slapd.ADMIN_PASSWORD);
        try {
            return cns(admin, base, filter, attribute, arguments);
        } finally {
            admin.close();
        }
    }

    private static Set<String> cns(DirContext context, String base, String filter, String attribute,
            Object... arguments) throws NamingException {
        SearchControls controls = new SearchControls(SearchControls.SUBTREE_SCOPE, 0, 5000,
                new String[] {attribute}, false, false);
        Set<String> values = new TreeSet<>();
        NamingEnumeration<SearchResult> found = context.search(base, filter, arguments, controls);
        try {
            while (found.hasMore()) {
                values.add((String) found.next().getAttributes().get(attribute).get());
            }
        } finally {
            found.close();
        }
        return values;
    }
}
