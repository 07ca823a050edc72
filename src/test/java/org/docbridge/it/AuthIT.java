package org.docbridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** ApiKey authentication: 403 (never 401) with the error JSON for anything missing or wrong. */
class AuthIT extends ProductIT {


    @ParameterizedTest
    @ValueSource(strings = {"metadata?id=%2F", "files", "files?parentId=%2F", "search?query=x", "download?id=x",
        "thumbnail?id=x", "no-such-endpoint"})
    void noKeyIsForbiddenEverywhere(String endpoint) {
        Api.Reply reply = api.raw("GET", "api/" + endpoint, Map.of("username", Api.USER), false);
        if (endpoint.startsWith("no-such")) {
            reply.error(404); // an unknown route reveals nothing either way
        } else {
            assertEquals("missing apiKey header", reply.error(403));
        }
    }

    @Test
    void aWrongKeyIsForbidden() {
        Api.Reply reply = api.raw("GET", "api/files", Map.of("apiKey", "it-key-onf", "username", Api.USER), false);
        assertEquals("the apiKey is not valid", reply.error(403));
        assertFalse(reply.body().contains("it-key-one"));
    }

    @Test
    void aKeyThatIsAPrefixOrSuffixOfAValidKeyIsForbidden() {
        api.raw("GET", "api/files", Map.of("apiKey", "it-key-on", "username", Api.USER), false).error(403);
        api.raw("GET", "api/files", Map.of("apiKey", "it-key-onex", "username", Api.USER), false).error(403);
        api.raw("GET", "api/files", Map.of("apiKey", "it-key-one,it-key-two", "username", Api.USER), false).error(403);
        api.raw("GET", "api/files", Map.of("apiKey", "", "username", Api.USER), false).error(403);
    }

    @Test
    void aMissingOrBlankUsernameIsForbidden() {
        assertEquals("missing username header",
                api.raw("GET", "api/files", Map.of("apiKey", Api.KEY), false).error(403));
        api.raw("GET", "api/files", Map.of("apiKey", Api.KEY, "username", "  "), false).error(403);
    }

    @Test
    void everyConfiguredKeyIsAcceptedSoKeysCanBeRotated() {
        assertEquals(200, api.raw("GET", "api/files", Map.of("apiKey", "it-key-one", "username", Api.USER), false).status);
        assertEquals(200, api.raw("GET", "api/files", Map.of("apiKey", "it-key-two", "username", Api.USER), false).status);
    }

    @Test
    void headerNamesAreCaseInsensitive() {
        assertEquals(200, api.raw("GET", "api/files", Map.of("APIKEY", Api.KEY, "UserName", Api.USER), false).status);
    }

    @Test
    void serviceInfoNeedsNoCredentials() {
        assertEquals(200, api.getAnonymous("serviceInfo").status);
    }
}
