package org.docbridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServiceInfoIT extends ProductIT {


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
        assertEquals(Json.createArrayBuilder(List.of("metadata", "files", "search", "download", "thumbnail",
                "uploadInit", "upload", "createFolder", "delete", "rename", "customAction")).build(),
                info.getJsonArray("availableEndpoints"));
        // the actions the test configuration enables (ActionsIT tests them), each exactly name and displayName
        assertEquals(6, info.getJsonArray("customActions").size());
        info.getJsonArray("customActions").forEach(a -> assertEquals(List.of("name", "displayName"),
                List.copyOf(a.asJsonObject().keySet())));
    }

    @Test
    void answersTheSameWithCredentialsAndUnderADoubledSlash() {
        assertEquals(api.getAnonymous("serviceInfo").object(), api.get("serviceInfo").object());
        assertEquals(200, api.raw("GET", "api//serviceInfo", Map.of(), false).status);
    }
}
