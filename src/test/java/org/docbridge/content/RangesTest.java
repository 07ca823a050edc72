package org.docbridge.content;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The Range header as RFC 9110 reads it, with overlapping and adjacent ranges merged. */
class RangesTest {

    static final long LENGTH = 1000;

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "bytes=0-99                                           | 0-99",
        "bytes=0-9,20-29                                      | 0-9 20-29",
        "bytes=20-29,0-9                                      | 0-9 20-29",
        "bytes=0-9,5-19                                       | 0-19",
        "bytes=0-9,10-19                                      | 0-19",
        "bytes=0-9,11-19                                      | 0-9 11-19",
        "bytes=0-,0-,0-,0-,0-,0-,0-,0-,0-,0-,0-,0-,0-,0-,0-,0- | 0-999",
        "bytes=-100,900-                                      | 900-999",
        "bytes=500-599,0-999                                  | 0-999",
        "bytes=0-0,2-2,1-1                                    | 0-2",
        "bytes=100-199,150-160,300-399,390-                   | 100-199 300-999",
        "bytes=0-9,2000-3000                                  | 0-9",
        "bytes=2000-3000                                      | ''",
    })
    void overlappingAndAdjacentRangesAreMergedInFileOrder(String header, String expected) {
        List<long[]> ranges = FileResponses.Ranges.parse(header.trim(), LENGTH);
        assertEquals(expected, ranges.stream().map(r -> r[0] + "-" + r[1]).collect(Collectors.joining(" ")));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "bytes=0-,0-,0-,0-,0-,0-,0-,0-,0-,0-,0-,0-,0-,0-,0-,0-",
        "bytes=-1000,0-999,1-998,-1,0-0,999-",
        "bytes=0-9,5-14,10-19,15-24,20-29",
    })
    void noAnswerIsLongerThanTheFile(String header) {
        long total = FileResponses.Ranges.parse(header, LENGTH).stream().mapToLong(r -> r[1] - r[0] + 1).sum();
        assertTrue(total <= LENGTH, header + " would send " + total + " bytes of " + LENGTH);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {"items=0-9", "bytes=0-0,1-1,2-2,3-3,4-4,5-5,6-6,7-7,8-8,9-9,10-10,11-11,12-12,13-13,14-14,15-15,16-16"})
    void anotherUnitOrTooManyRangesSendTheWholeFile(String header) {
        assertNull(FileResponses.Ranges.parse(header, LENGTH));
    }
}
