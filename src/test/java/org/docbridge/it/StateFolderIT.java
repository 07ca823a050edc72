package org.docbridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * One server per state folder: while this class's server runs, a second server (Payara Micro: a
 * process of its own) or a second deployment (WildFly: the same WAR again, in the same server) on the
 * same data folder refuses to start, saying which folder and what to do, and the first keeps working.
 */
@ExtendWith(ArquillianExtension.class)
class StateFolderIT {

    static final String IN_USE = "docbridge.data-dir: the state folder " + Store.WORK.resolve("state") + " is in use by ";

    @Deployment(name = "first", testable = false)
    static WebArchive deployment() {
        return Deployments.product();
    }

    /** The same WAR under another name, deployed by the WildFly test into the same server. */
    @Deployment(name = "second", managed = false, testable = false)
    static WebArchive second() {
        return ShrinkWrap.create(WebArchive.class, "docbridge-second.war").merge(Deployments.product());
    }

    @ArquillianResource
    @OperateOnDeployment("first")
    URL url;

    @ArquillianResource
    Deployer deployer;

    Api api;

    @BeforeEach
    void client() {
        api = new Api(url);
    }

    static boolean onWildFly() {
        return "wildfly".equals(System.getProperty("arquillian.launch"));
    }

    @Test
    void aSecondPayaraMicroOnTheSameDataFolderRefusesToStart() throws Exception {
        assumeFalse(onWildFly(), "Payara Micro: a second server process");
        Path dir = Store.fresh("state-folder");
        String before = api.idOf("state-folder");
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Path runtime = Path.of(Store.WORK + "-second-server");
        Store.delete(runtime);
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                System.getProperty("it.heap", "-Xmx256m"), "-Ddocbridge.data-dir=" + Store.WORK,
                "-Ddocbridge.auth.api-keys=" + Api.KEY, "-Ddocbridge.links.secret=it-link-secret",
                "-jar", System.getProperty("payara.microJar"), "--nocluster", "--port", String.valueOf(port),
                "--rootdir", runtime.toString(), "--deploy", System.getProperty("docbridge.war", "target/docbridge.war"));
        Process second = new ProcessBuilder(command).redirectErrorStream(true).start();
        StringBuilder output = new StringBuilder();
        try {
            String refusal = awaitRefusal(second, output);
            System.out.println("The second server refused to start: " + refusal);
            assertTrue(refusal.contains(IN_USE + "another docbridge server (process "), refusal);
            assertTrue(refusal.contains("give this server a data folder of its own (docbridge.data-dir)"), refusal);
            // the second server is up without docbridge in it: nothing answers there
            HttpResponse<String> there = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/docbridge/api/serviceInfo")).header("apiKey", Api.KEY)
                    .header("username", Api.USER).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertNotEquals(200, there.statusCode(), there.body());
        } finally {
            second.destroy();
            if (!second.waitFor(30, TimeUnit.SECONDS)) {
                second.destroyForcibly().waitFor();
            }
        }
        // the first server goes on as before, and still writes its state
        assertEquals(before, api.idOf("state-folder"));
        api.call("POST", "createFolder", "parentId", before, "name", "after").ok();
        assertTrue(dir.resolve("after").toFile().isDirectory());
    }

    /** The line of the second server's output that refuses the start; fails if it became ready instead. */
    static String awaitRefusal(Process second, StringBuilder output) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        BufferedReader lines = new BufferedReader(new InputStreamReader(second.getInputStream(), StandardCharsets.UTF_8));
        Thread reader = new Thread(() -> {
            try {
                for (String line; (line = lines.readLine()) != null; ) {
                    synchronized (output) {
                        output.append(line).append('\n');
                    }
                }
            } catch (IOException e) {
                // the process ended
            }
        });
        reader.setDaemon(true);
        reader.start();
        while (System.nanoTime() < deadline) {
            String text;
            synchronized (output) {
                text = output.toString();
            }
            int at = text.indexOf(IN_USE);
            if (at >= 0) {
                int end = text.indexOf('\n', at);
                return text.substring(at, end < 0 ? text.length() : end);
            }
            if (text.contains(" ready in ") || !second.isAlive()) {
                Thread.sleep(2000); // let the last lines arrive
                synchronized (output) {
                    if (!output.toString().contains(IN_USE)) {
                        fail("the second server did not refuse the data folder; its output:\n" + output);
                    }
                }
                continue;
            }
            Thread.sleep(200);
        }
        return fail("no refusal within 180 s; the second server's output:\n" + output);
    }

    @Test
    void aSecondDeploymentInTheSameWildFlyRefusesToStart() {
        assumeTrue(onWildFly(), "WildFly: a second deployment in the one server");
        Path dir = Store.fresh("state-folder");
        String before = api.idOf("state-folder");
        try {
            deployer.deploy("second");
            deployer.undeploy("second");
            fail("a second deployment on the same data folder started");
        } catch (Exception e) {
            StringWriter trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            assertTrue(trace.toString().contains(IN_USE + "another deployment of docbridge in this server"), trace.toString());
        }
        // its failed attempt left the first one's hold and state alone
        assertEquals(before, api.idOf("state-folder"));
        api.call("POST", "createFolder", "parentId", before, "name", "after").ok();
        assertTrue(dir.resolve("after").toFile().isDirectory());
    }
}
