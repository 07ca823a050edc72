package org.docbridge.links;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A configured link secret: at least 32 characters, or the server does not start. */
class LinkSignerTest {

    @Test
    void aSecretOfThirtyTwoCharactersSignsLinks() {
        LinkSigner signer = configured("s".repeat(32));
        String link = signer.sign(LinkSigner.Purpose.VIEW, "AbCdEfGhIjKlMnOp");
        String query = link.substring(link.indexOf('?') + 1);
        String expires = query.substring("expires=".length(), query.indexOf('&'));
        String signature = query.substring(query.indexOf("signature=") + "signature=".length());
        assertEquals(LinkSigner.Verdict.VALID, signer.check(LinkSigner.Purpose.VIEW, "AbCdEfGhIjKlMnOp", expires, signature));
    }

    @Test
    void aShortSecretStopsTheStartNamingTheSettingButNotTheSecret() {
        String secret = "a-short-link-secret";
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> configured(secret));
        assertTrue(e.getMessage().startsWith("docbridge.links.secret: "), e.getMessage());
        assertTrue(e.getMessage().contains("has 19 characters"), e.getMessage());
        assertTrue(e.getMessage().contains("at least 32"), e.getMessage());
        assertFalse(e.getMessage().contains(secret), e.getMessage());
        assertThrows(IllegalStateException.class, () -> configured("s".repeat(31)));
    }

    private static LinkSigner configured(String secret) {
        LinkSigner signer = new LinkSigner();
        signer.configuredSecret = Optional.of(secret);
        signer.ttlSetting = "PT1H";
        signer.init();
        return signer;
    }
}
