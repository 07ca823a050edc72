package org.docbridge.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.naming.Context;
import javax.naming.NamingException;
import javax.naming.directory.BasicAttribute;
import javax.naming.directory.BasicAttributes;
import javax.naming.directory.DirContext;
import javax.naming.directory.InitialDirContext;
import javax.naming.directory.ModificationItem;

/**
 * A throwaway OpenLDAP directory (Debian's slapd) of the caller's own, in a folder it gives: people
 * under {@link #PEOPLE}, groups ({@code groupOfNames}) under {@link #GROUPS}, the admin
 * {@link #ADMIN_DN} as docbridge's service account. Anonymous users may only bind; bound users read
 * everything but passwords. The output of slapd goes to {@code <folder>/slapd.log}.
 */
public final class Slapd implements AutoCloseable {

    public static final String BASE = "dc=example,dc=com";
    public static final String PEOPLE = "ou=people," + BASE;
    public static final String GROUPS = "ou=groups," + BASE;
    public static final String ADMIN_DN = "cn=admin," + BASE;
    public static final String ADMIN_PASSWORD = "slapd-admin-it-password";

    private static final String INSTALL = "install Debian's slapd and ldap-utils; .ci/run does it";

    private record User(String uid, String commonName, String password) {
    }

    /** The initial people. */
    private static final List<User> USERS = List.of(new User("ann", "Ann Lee", "ann-directory-password"),
            new User("bob", "Bob Rossi", "bob-directory-password"),
            new User("carla", "Carla Bianchi", "carla-directory-password"));

    /** The initial groups (by cn) and their members (by uid). */
    private static final Map<String, List<String>> MEMBERS = Map.of("finance", List.of("ann", "carla"),
            "legal", List.of("bob"));

    private final int port;
    private final Process process;
    private final Thread shutdownHook;

    private Slapd(int port, Process process) {
        this.port = port;
        this.process = process;
        this.shutdownHook = new Thread(this::stop, "slapd-" + port + "-stop");
        Runtime.getRuntime().addShutdownHook(shutdownHook); // a test JVM that ends leaves no slapd behind
    }

    /**
     * A fresh directory with the initial people and groups (an old {@code folder} is removed first),
     * serving on a free port of 127.0.0.1; fails naming what is missing if slapd is not installed, and
     * with slapd's output if it does not start.
     */
    public static Slapd start(Path folder) {
        Path dir = folder.toAbsolutePath();
        String slapd = program("slapd");
        Store.delete(dir);
        try {
            Files.createDirectories(dir.resolve("db"));
            Files.writeString(dir.resolve("slapd.conf"), config(dir), StandardCharsets.UTF_8);
            Files.writeString(dir.resolve("data.ldif"), initialEntries(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String conf = dir.resolve("slapd.conf").toString();
        run(program("slaptest"), "-u", "-f", conf);
        run(program("slapadd"), "-q", "-f", conf, "-l", dir.resolve("data.ldif").toString());
        // the free port may be taken between its check and slapd's bind: then another one
        for (int attempt = 1;; attempt++) {
            int port = freePort();
            Path log = dir.resolve("slapd.log");
            // "-d none": in the foreground, so that this JVM owns (and reaps) it, with only the messages
            // that are always logged (errors among them) on its output; forked, slapd says nothing at all
            List<String> command = List.of(slapd, "-d", "none", "-f", conf, "-h", "ldap://127.0.0.1:" + port + "/");
            Process process;
            try {
                process = new ProcessBuilder(command).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.to(log.toFile())).start();
            } catch (IOException e) {
                throw new IllegalStateException("could not run " + command + " (" + INSTALL + ")", e);
            }
            Slapd started = new Slapd(port, process);
            try {
                started.awaitReady(command, log);
                System.out.println("slapd: serving " + BASE + " at " + started.url() + " from " + dir);
                return started;
            } catch (IllegalStateException | AssertionError e) {
                started.close();
                if (attempt < 3 && read(log).contains("errno=98")) {
                    continue; // Address already in use
                }
                throw e;
            }
        }
    }

    /** ldap://127.0.0.1:port */
    public String url() {
        return "ldap://127.0.0.1:" + port;
    }

    /** The entry of the person {@code uid} under {@link #PEOPLE}. */
    public static String userDn(String uid) {
        return "uid=" + uid + "," + PEOPLE;
    }

    /** The entry of the group {@code group} (its cn) under {@link #GROUPS}. */
    public static String groupDn(String group) {
        return "cn=" + group + "," + GROUPS;
    }

    /** The password of one of the initial people (ann, bob, carla). */
    public static String password(String uid) {
        return USERS.stream().filter(u -> u.uid().equals(uid)).findFirst().map(User::password)
                .orElseThrow(() -> new IllegalArgumentException(uid + " is none of the initial people " + USERS));
    }

    /** docbridge's settings for this directory, in their environment-variable spelling (default filters). */
    public Map<String, String> settings() {
        return Map.of("DOCBRIDGE_LDAP_URL", url(), "DOCBRIDGE_LDAP_BIND_DN", ADMIN_DN,
                "DOCBRIDGE_LDAP_BIND_PASSWORD", ADMIN_PASSWORD, "DOCBRIDGE_LDAP_CALLER_BASE_DN", PEOPLE,
                "DOCBRIDGE_LDAP_GROUP_SEARCH_BASE", GROUPS);
    }

    /**
     * A JNDI context bound (simple bind) as {@code dn} with {@code password}, or anonymously when
     * {@code dn} is null; a wrong password throws {@link javax.naming.AuthenticationException}.
     */
    public DirContext bind(String dn, String password) throws NamingException {
        Hashtable<String, Object> environment = new Hashtable<>();
        environment.put(Context.INITIAL_CONTEXT_FACTORY, "com.sun.jndi.ldap.LdapCtxFactory");
        environment.put(Context.PROVIDER_URL, url());
        environment.put("com.sun.jndi.ldap.connect.timeout", "2000");
        environment.put("com.sun.jndi.ldap.read.timeout", "10000");
        if (dn == null) {
            environment.put(Context.SECURITY_AUTHENTICATION, "none");
        } else {
            environment.put(Context.SECURITY_AUTHENTICATION, "simple");
            environment.put(Context.SECURITY_PRINCIPAL, dn);
            environment.put(Context.SECURITY_CREDENTIALS, password);
        }
        return new InitialDirContext(environment);
    }

    /** Adds a person (inetOrgPerson, mail uid@example.com) while the directory runs; in no group yet. */
    public void addUser(String uid, String commonName, String password) {
        BasicAttributes attributes = new BasicAttributes(true);
        attributes.put("objectClass", "inetOrgPerson");
        attributes.put("uid", uid);
        attributes.put("cn", commonName);
        attributes.put("sn", surname(commonName));
        attributes.put("mail", uid + "@example.com");
        attributes.put("userPassword", hash(password));
        asAdmin("add " + userDn(uid), context -> context.createSubcontext(userDn(uid), attributes).close());
    }

    /**
     * Removes a person while the directory runs; the groups keep naming the entry (this directory has
     * no referential-integrity overlay, like many).
     */
    public void deleteUser(String uid) {
        asAdmin("delete " + userDn(uid), context -> context.destroySubcontext(userDn(uid)));
    }

    /** Makes {@code uid} a member of the group {@code group} (its cn). */
    public void addMember(String group, String uid) {
        modifyMember(DirContext.ADD_ATTRIBUTE, group, uid);
    }

    /** Takes {@code uid} out of the group {@code group}; slapd refuses to take out the last member. */
    public void removeMember(String group, String uid) {
        modifyMember(DirContext.REMOVE_ATTRIBUTE, group, uid);
    }

    /** Stops slapd (SIGTERM, SIGKILL after 10 s) and waits until it is gone; again does nothing. */
    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs, or ran, anyway
        }
    }

    private synchronized void stop() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private void modifyMember(int operation, String group, String uid) {
        ModificationItem change = new ModificationItem(operation, new BasicAttribute("member", userDn(uid)));
        asAdmin((operation == DirContext.ADD_ATTRIBUTE ? "add " : "remove ") + uid + " as member of "
                + groupDn(group), context -> context.modifyAttributes(groupDn(group), new ModificationItem[] {change}));
    }

    private interface Change {
        void apply(DirContext context) throws NamingException;
    }

    private void asAdmin(String what, Change change) {
        try {
            DirContext context = bind(ADMIN_DN, ADMIN_PASSWORD);
            try {
                change.apply(context);
            } finally {
                context.close();
            }
        } catch (NamingException e) {
            throw new IllegalStateException("slapd at " + url() + ": could not " + what + ": " + e, e);
        }
    }

    /** Waits (10 s at most) until the admin can bind. */
    private void awaitReady(List<String> command, Path log) {
        long started = System.nanoTime();
        long deadline = started + TimeUnit.SECONDS.toNanos(10);
        NamingException last = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(command + " ended (exit " + process.exitValue()
                        + ") instead of serving; its output (" + log + "):\n" + read(log));
            }
            try {
                bind(ADMIN_DN, ADMIN_PASSWORD).close();
                return;
            } catch (NamingException e) {
                last = e; // not listening yet
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException(command + " did not let the admin bind within 10 s (last: " + last
                + "); its output (" + log + "):\n" + read(log));
    }

    private static String config(Path dir) {
        StringBuilder config = new StringBuilder();
        for (String schema : List.of("core", "cosine", "nis", "inetorgperson")) {
            config.append("include /etc/ldap/schema/").append(schema).append(".schema\n");
        }
        return config + "modulepath /usr/lib/ldap\n"
                + "moduleload back_mdb\n"
                + "pidfile " + dir.resolve("slapd.pid") + "\n"
                + "database mdb\n"
                + "maxsize 67108864\n"
                + "suffix \"" + BASE + "\"\n"
                + "rootdn \"" + ADMIN_DN + "\"\n"
                + "rootpw " + hash(ADMIN_PASSWORD) + "\n"
                + "directory " + dir.resolve("db") + "\n"
                + "index objectClass eq\n"
                + "access to attrs=userPassword by self write by anonymous auth by * none\n"
                + "access to * by users read by * none\n";
    }

    private static String initialEntries() {
        StringBuilder ldif = new StringBuilder();
        ldif.append("dn: ").append(BASE).append("\nobjectClass: dcObject\nobjectClass: organization\n")
                .append("dc: example\no: Example\n\n");
        ldif.append("dn: ").append(PEOPLE).append("\nobjectClass: organizationalUnit\nou: people\n\n");
        ldif.append("dn: ").append(GROUPS).append("\nobjectClass: organizationalUnit\nou: groups\n\n");
        for (User user : USERS) {
            ldif.append("dn: ").append(userDn(user.uid())).append("\nobjectClass: inetOrgPerson\n")
                    .append("uid: ").append(user.uid()).append('\n')
                    .append("cn: ").append(user.commonName()).append('\n')
                    .append("sn: ").append(surname(user.commonName())).append('\n')
                    .append("mail: ").append(user.uid()).append("@example.com\n")
                    .append("userPassword: ").append(hash(user.password())).append("\n\n");
        }
        MEMBERS.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(group -> {
            ldif.append("dn: ").append(groupDn(group.getKey())).append("\nobjectClass: groupOfNames\n")
                    .append("cn: ").append(group.getKey()).append('\n');
            group.getValue().forEach(uid -> ldif.append("member: ").append(userDn(uid)).append('\n'));
            ldif.append('\n');
        });
        return ldif.toString();
    }

    private static String surname(String commonName) {
        return commonName.substring(commonName.lastIndexOf(' ') + 1);
    }

    /** An {SSHA} hash for userPassword or rootpw, by slappasswd. */
    private static String hash(String password) {
        return run(program("slappasswd"), "-s", password).strip();
    }

    /** The program's path: in /usr/sbin (Debian's), /usr/bin or on the PATH. */
    private static String program(String name) {
        List<String> folders = new ArrayList<>(List.of("/usr/sbin", "/usr/bin"));
        String path = System.getenv("PATH");
        if (path != null) {
            folders.addAll(List.of(path.split(java.io.File.pathSeparator)));
        }
        for (String folder : folders) {
            Path program = Path.of(folder.isEmpty() ? "." : folder, name);
            if (Files.isExecutable(program)) {
                return program.toString();
            }
        }
        throw new IllegalStateException(name + " is not installed (not in /usr/sbin, /usr/bin nor on the PATH): "
                + INSTALL);
    }

    private static String run(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(List.of(command) + " did not end within 30 s:\n" + output);
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(List.of(command) + " failed (exit " + process.exitValue() + "):\n"
                        + output);
            }
            return output;
        } catch (IOException e) {
            throw new IllegalStateException("could not run " + List.of(command) + " (" + INSTALL + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String read(Path log) {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no output: " + e + ")";
        }
    }

    private static int freePort() {
        try (ServerSocket free = new ServerSocket(0)) {
            return free.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
