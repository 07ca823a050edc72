package org.docbridge.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/**
 * The normalizer's own checks: ambiguous parameters (refused with 400; MalformedInputIT sends them)
 * and a form's declared length, read before its body.
 */
class RequestNormalizerTest {

    @Test
    void aProtocolParameterGivenTwiceWithDifferentValuesIsFound() {
        assertEquals("id", RequestNormalizer.ambiguousParameter("id=%2Fa&id=%2Fb"));
        assertEquals("name", RequestNormalizer.ambiguousParameter("parentId=x&name=a&name"));
    }

    @Test
    void theSameValueTwiceAndUnknownParametersAreHarmless() {
        assertNull(RequestNormalizer.ambiguousParameter("id=%2Fa&id=/a"));
        assertNull(RequestNormalizer.ambiguousParameter("tenant=1&tenant=2&id=a"));
        assertNull(RequestNormalizer.ambiguousParameter("name=%zz&name=%zz"));
        assertNull(RequestNormalizer.ambiguousParameter(null));
    }

    @Test
    void brokenEncodingsAreFound() {
        assertEquals("has a broken percent escape", RequestNormalizer.encodingProblem("name=%zz"));
        assertEquals("has a broken percent escape", RequestNormalizer.encodingProblem("id=abc%"));
        assertEquals("has a broken percent escape", RequestNormalizer.encodingProblem("id=%2"));
        assertEquals("is not valid UTF-8 once decoded", RequestNormalizer.encodingProblem("id=%FF"));
        assertEquals("is not valid UTF-8 once decoded", RequestNormalizer.encodingProblem("id=%C0%AF"));
        assertEquals("is not valid UTF-8 once decoded", RequestNormalizer.encodingProblem("id=%ED%A0%80"));
        assertEquals("holds a character that is not percent-encoded", RequestNormalizer.encodingProblem("name=\u00c3\u00a9"));
        assertEquals("holds a character that is not percent-encoded", RequestNormalizer.encodingProblem("name=a b"));
        assertNull(RequestNormalizer.encodingProblem("name=%C3%A9t%C3%A9+%E2%82%AC&id=%2F&x=a%00"));
        assertNull(RequestNormalizer.encodingProblem(""));
    }

    @Test
    void aFormsDeclaredLengthIsReadWithoutOverflow() {
        assertEquals(5_368_709_120L, RequestNormalizer.declaredLength(" 5368709120 "));
        assertEquals(Long.MAX_VALUE, RequestNormalizer.declaredLength("99999999999999999999"));
        assertEquals(-1, RequestNormalizer.declaredLength("-5"));
        assertEquals(-1, RequestNormalizer.declaredLength(null));
    }
}
