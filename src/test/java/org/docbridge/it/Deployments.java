package org.docbridge.it;

import java.io.File;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.JavaArchive;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** The deployment every protocol test runs against: the WAR the build just made, unchanged. */
public final class Deployments {

    private Deployments() {
    }

    public static WebArchive product() {
        File war = new File(System.getProperty("docbridge.war", "target/docbridge.war"));
        if (!war.isFile()) {
            throw new IllegalStateException(war + " is missing: run the tests with 'mvn verify'");
        }
        return ShrinkWrap.createFromZipFile(WebArchive.class, war);
    }

    /**
     * The product WAR with a company's own custom-action handlers added as a jar in WEB-INF/lib: the
     * way the README tells a company to extend docbridge.
     */
    public static WebArchive withCompanyHandlers() {
        JavaArchive handlers = ShrinkWrap.create(JavaArchive.class, "company-actions.jar")
                .addPackage(org.docbridge.it.handlers.StampHandler.class.getPackage());
        return product().addAsLibrary(handlers);
    }
}
