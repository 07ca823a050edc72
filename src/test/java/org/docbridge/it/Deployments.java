package org.docbridge.it;

import java.io.File;
import org.jboss.shrinkwrap.api.ShrinkWrap;
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
}
