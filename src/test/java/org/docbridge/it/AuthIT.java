package org.docbridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** ApiKey authentication: 403 (never 401) with the error JSON for anything missing or wrong. */
class AuthIT extends ProductIT {

    /** The second key in docbridge.auth.api-keys (arquillian.xml), beside {@link Api#KEY}. */
    static final String SECOND_KEY = "it-key-two-for-the-integration-tests";

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
        String wrong = Api.KEY.substring(0, Api.KEY.length() - 1) + "x";
        Api.Reply reply = api.raw("GET", "api/files", Map.of("apiKey", wrong, "username", Api.USER), false);
        assertEquals("the apiKey is not valid", reply.error(403));
        assertFalse(reply.body().contains(Api.KEY));
    }

    @Test
    void aKeyThatIsAPrefixOrSuffixOfAValidKeyIsForbidden() {
        String prefix = Api.KEY.substring(0, Api.KEY.length() - 1);
        api.raw("GET", "api/files", Map.of("apiKey", prefix, "username", Api.USER), false).error(403);
        api.raw("GET", "api/files", Map.of("apiKey", Api.KEY + "x", "username", Api.USER), false).error(403);
        api.raw("GET", "api/files", Map.of("apiKey", Api.KEY + "," + SECOND_KEY, "username", Api.USER), false).error(403);
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
        assertEquals(200, api.raw("GET", "api/files", Map.of("apiKey", Api.KEY, "username", Api.USER), false).status);
        assertEquals(200, api.raw("GET", "api/files", Map.of("apiKey", SECOND_KEY, "username", Api.USER), false).status);
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
