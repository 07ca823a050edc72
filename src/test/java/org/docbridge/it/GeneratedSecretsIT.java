package org.docbridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.TargetsContainer;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A server started with nothing configured makes its own key and link secret, kept in the state database
 * (see {@link KeptSecretsIT}), with a copy of each in the state folder, private to its user.
 */
@ExtendWith(ArquillianExtension.class)
class GeneratedSecretsIT {

    static final Path DATA = Path.of(Store.WORK + "-defaults");

    @Deployment(testable = false)
    @TargetsContainer("payara-micro-defaults")
    static WebArchive deployment() {
        Store.delete(DATA); // a first start, every time: this runs before the server does
        return Deployments.product();
    }

    @ArquillianResource
    URL url;

    Api api;

    @BeforeEach
    void client() {
        api = new Api(url);
    }

    @Test
    void theGeneratedKeyIsKeptOwnerOnlyAndWorks() throws Exception {
        Path keyFile = DATA.resolve("state/api-key");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(DATA.resolve("state"))));
        String key = Files.readString(keyFile).trim();
        assertTrue(key.length() >= 40, "256 random bits");
        assertEquals(200, api.raw("GET", "api/files?parentId=%2F", Map.of("apiKey", key, "username", Api.USER), false)
                .status);
        api.raw("GET", "api/files", Map.of("apiKey", Api.KEY, "username", Api.USER), false).error(403);
    }

    @Test
    void theDocumentsFolderAndTheLinkSecretAreCreated() throws Exception {
        assertTrue(Files.isDirectory(DATA.resolve("documents")));
        Path secret = DATA.resolve("state/link-secret");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(secret)));
    }
}
