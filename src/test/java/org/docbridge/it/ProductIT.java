package org.docbridge.it;

import java.net.URL;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What the protocol tests share: the product WAR deployed on the configured test server, and a
 * Workfront-like client for it. On Payara Micro each subclass gets a server process of its own; on
 * WildFly they share one, redeploying the WAR.
 */
@ExtendWith(ArquillianExtension.class)
abstract class ProductIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.product();
    }

    @ArquillianResource
    URL url;

    Api api;

    @BeforeEach
    void client() {
        api = new Api(url);
    }
}
