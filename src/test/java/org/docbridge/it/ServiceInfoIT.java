package org.docbridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.net.URL;
import java.util.List;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(ArquillianExtension.class)
class ServiceInfoIT {

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

    @Test
    void answersWithoutCredentialsWithExactlyTheContractsFields() {
        Api.Reply reply = api.getAnonymous("serviceInfo");
        assertEquals(200, reply.status);
        JsonObject info = reply.object();
        assertEquals(List.of("webhookVersion", "version", "publisher", "availableEndpoints", "customActions"),
                List.copyOf(info.keySet()));
        assertEquals("1.2", info.getString("webhookVersion"));
        assertEquals(System.getProperty("project.version"), info.getString("version"));
        assertEquals("docbridge-it", info.getString("publisher"));
        assertEquals(Json.createArrayBuilder(List.of("metadata", "files", "search", "download", "thumbnail")).build(),
                info.getJsonArray("availableEndpoints"));
        assertEquals(0, info.getJsonArray("customActions").size());
    }

    @Test
    void answersTheSameWithCredentialsAndUnderADoubledSlash() {
        assertEquals(api.getAnonymous("serviceInfo").object(), api.get("serviceInfo").object());
        assertEquals(200, api.raw("GET", "api//serviceInfo", Map.of(), false).status);
    }
}
