package org.docbridge.oauth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.docbridge.state.Database;
import org.docbridge.state.TestState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Slowing password guessing: five free failures for a user name (thirty for an address), then a wait
 * that doubles with every further failure up to five minutes, counted per user name (any case, any
 * address) and per address (any user name), also when failures come in parallel; the wait counts down
 * with the clock, a success clears the user name's count, and failures are forgotten after 15 minutes.
 */
class LoginThrottleTest {

    @TempDir
    Path folder;

    Database database;
    TokensTest.TestClock clock;
    LoginThrottle throttle;

    @BeforeEach
    void open() {
        database = TestState.embedded(folder);
        clock = new TokensTest.TestClock();
        throttle = new LoginThrottle(database, clock);
    }

    @AfterEach
    void close() {
        database.close();
    }

    void fail(int times, String user, String address) {
        for (int i = 0; i < times; i++) {
            throttle.failed(user, address);
        }
    }

    @Test
    void theFirstFiveFailuresCostNoWait() {
        assertEquals(0, throttle.waitSeconds("alice", "10.0.0.1"), "before any failure");
        for (int failure = 1; failure <= LoginThrottle.FREE; failure++) {
            throttle.failed("alice", "10.0.0.1");
            assertEquals(0, throttle.waitSeconds("alice", "10.0.0.1"), "after failure " + failure);
        }
    }

    @Test
    void eachFailureAfterTheFreeOnesDoublesTheWaitUpToFiveMinutes() {
        fail(LoginThrottle.FREE, "alice", "10.0.0.1");
        List<Long> waits = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            throttle.failed("alice", "10.0.0.1");
            waits.add(throttle.waitSeconds("alice", "10.0.0.1"));
        }
        assertEquals(List.of(1L, 2L, 4L, 8L, 16L, 32L, 64L, 128L, 256L, 300L, 300L, 300L), waits);
    }

    /** The same as above, without the question of where the free failures end. */
    @Test
    void theWaitDoublesWithEveryFurtherFailureAndStopsAtFiveMinutes() {
        fail(6, "alice", "10.0.0.1");
        long wait = throttle.waitSeconds("alice", "10.0.0.1");
        assertTrue(wait > 0, "six failures cost a wait");
        for (int i = 0; i < 20; i++) {
            throttle.failed("alice", "10.0.0.1");
            long next = throttle.waitSeconds("alice", "10.0.0.1");
            assertEquals(Math.min(300, wait * 2), next);
            wait = next;
        }
        assertEquals(LoginThrottle.MAX_WAIT.toSeconds(), wait);
    }

    @Test
    void theWaitCountsDownWithTheClock() {
        fail(12, "alice", "10.0.0.1");
        long wait = throttle.waitSeconds("alice", "10.0.0.1");
        assertTrue(wait >= 60, "a long enough wait to watch: " + wait);
        clock.advance(Duration.ofSeconds(10));
        assertEquals(wait - 10, throttle.waitSeconds("alice", "10.0.0.1"));
        clock.advance(Duration.ofMillis(500));
        assertEquals(wait - 10, throttle.waitSeconds("alice", "10.0.0.1"), "a part of a second counts as one");
        clock.advance(Duration.ofSeconds(wait - 11));
        assertEquals(1, throttle.waitSeconds("alice", "10.0.0.1"));
        clock.advance(Duration.ofMillis(500));
        assertEquals(0, throttle.waitSeconds("alice", "10.0.0.1"));
        clock.advance(Duration.ofMinutes(1));
        assertEquals(0, throttle.waitSeconds("alice", "10.0.0.1"));
    }

    @Test
    void aUserNameIsThrottledFromEveryAddress() {
        for (int i = 1; i <= 6; i++) {
            throttle.failed("alice", "10.0.0." + i);
        }
        assertTrue(throttle.waitSeconds("alice", "192.168.1.1") > 0, "from an address never used");
        // each address failed once only: another user name from any of them is not slowed
        for (int i = 1; i <= 6; i++) {
            assertEquals(0, throttle.waitSeconds("bob", "10.0.0." + i));
        }
    }

    @Test
    void anAddressIsThrottledForEveryUserNameAfterItsOwnLargerAllowance() {
        for (int i = 1; i < LoginThrottle.FREE_PER_ADDRESS; i++) {
            throttle.failed("user" + i, "10.0.0.1");
        }
        assertEquals(0, throttle.waitSeconds("never-tried", "10.0.0.1"), "an office behind one proxy");
        throttle.failed("user" + LoginThrottle.FREE_PER_ADDRESS, "10.0.0.1");
        throttle.failed("user" + (LoginThrottle.FREE_PER_ADDRESS + 1), "10.0.0.1");
        assertTrue(throttle.waitSeconds("never-tried", "10.0.0.1") > 0, "a user name never tried");
        // each user name failed once only: from another address none of them is slowed
        for (int i = 1; i <= LoginThrottle.FREE_PER_ADDRESS + 1; i++) {
            assertEquals(0, throttle.waitSeconds("user" + i, "10.0.0.2"));
        }
    }

    @Test
    void theFirstFailuresOfAnAddressUpToItsAllowanceCostNoWait() {
        for (int failure = 1; failure <= LoginThrottle.FREE_PER_ADDRESS; failure++) {
            throttle.failed("user" + failure, "10.0.0.1");
            assertEquals(0, throttle.waitSeconds("someone", "10.0.0.1"), "after failure " + failure);
        }
        throttle.failed("another", "10.0.0.1");
        assertEquals(1, throttle.waitSeconds("someone", "10.0.0.1"));
    }

    @Test
    void userNamesCompareIgnoringCaseAndSurroundingBlanks() {
        String[] spellings = {"alice", "Alice", " ALICE", "aLiCe\t", "  alice  ", "ALICE"};
        for (int i = 0; i < spellings.length; i++) {
            throttle.failed(spellings[i], "10.0.0." + i);
        }
        assertTrue(throttle.waitSeconds("alice", "192.168.1.1") > 0);
        assertEquals(throttle.waitSeconds("alice", "192.168.1.1"), throttle.waitSeconds(" Alice ", "192.168.1.1"));
        assertEquals(0, throttle.waitSeconds("alicia", "192.168.1.1"));
    }

    @Test
    void aSuccessClearsTheUserNameButNotTheAddress() {
        // the last of these stands for the successful attempt's own claim, which the success takes back
        fail(LoginThrottle.FREE_PER_ADDRESS + 2, "alice", "10.0.0.1");
        throttle.succeeded(" ALICE ", "10.0.0.1");
        assertEquals(0, throttle.waitSeconds("alice", "10.0.0.2"), "the user name is free again");
        assertTrue(throttle.waitSeconds("alice", "10.0.0.1") > 0, "the address is still slowed");
        assertTrue(throttle.waitSeconds("bob", "10.0.0.1") > 0);
        // and the user name counts from nothing again
        fail(4, "alice", "10.0.0.2");
        assertEquals(0, throttle.waitSeconds("alice", "10.0.0.3"));
    }

    @Test
    void failuresOlderThanFifteenMinutesAreForgotten() {
        fail(10, "alice", "10.0.0.1");
        assertTrue(throttle.waitSeconds("alice", "10.0.0.1") > 0);
        clock.advance(LoginThrottle.WINDOW.minusSeconds(1));
        assertEquals(0, throttle.waitSeconds("alice", "10.0.0.1"), "the wait itself has long passed");
        // the count is still there: one more failure waits longer than the free ones
        throttle.failed("alice", "10.0.0.1");
        assertTrue(throttle.waitSeconds("alice", "10.0.0.1") > 0);

        clock.advance(LoginThrottle.WINDOW);
        assertEquals(0, throttle.waitSeconds("alice", "10.0.0.1"));
        // forgotten: the next failures are free again
        fail(4, "alice", "10.0.0.1");
        assertEquals(0, throttle.waitSeconds("alice", "10.0.0.1"));
    }

    @Test
    void theWindowRunsFromTheLastFailure() {
        fail(6, "alice", "10.0.0.1");
        clock.advance(Duration.ofMinutes(10));
        throttle.failed("alice", "10.0.0.1");
        clock.advance(Duration.ofMinutes(10));
        // 20 minutes after the first failure, 10 after the last: all seven still count
        throttle.failed("alice", "10.0.0.1");
        assertTrue(throttle.waitSeconds("alice", "10.0.0.1") > 0);
    }

    /** Eight failures at once from one address for one user name; what each one threw, if anything. */
    List<String> eightAtOnce(String user, String address) throws Exception {
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CyclicBarrier together = new CyclicBarrier(threads);
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                done.add(pool.submit(() -> {
                    together.await(10, TimeUnit.SECONDS);
                    throttle.failed(user, address);
                    return null;
                }));
            }
            List<String> errors = new ArrayList<>();
            for (Future<?> f : done) {
                try {
                    f.get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    errors.add(String.valueOf(e.getCause()));
                }
            }
            return errors;
        } finally {
            pool.shutdownNow();
        }
    }

    /** A guesser sending requests in parallel: every failure counts, and none fails the request. */
    @Test
    void concurrentFirstFailuresAreAllCounted() throws Exception {
        for (int round = 0; round < 5; round++) {
            String user = "alice" + round;
            String address = "10.0.0." + round;
            assertEquals(List.of(), eightAtOnce(user, address), "round " + round);
            assertEquals(8, count("u:" + user), "round " + round);
            assertEquals(8, count("a:" + address), "round " + round);
        }
    }

    /** The same once the user name and the address have a count: none is lost to the race. */
    @Test
    void concurrentFailuresAfterAnEarlierOneAreAllCounted() throws Exception {
        for (int round = 0; round < 5; round++) {
            String user = "alice" + round;
            String address = "10.0.0." + round;
            throttle.failed(user, address);
            assertEquals(List.of(), eightAtOnce(user, address), "round " + round);
            assertEquals(9, count("u:" + user), "round " + round);
            assertEquals(9, count("a:" + address), "round " + round);
        }
    }

    int count(String subject) {
        return database.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT failures FROM login_failures WHERE subject = ?")) {
                s.setString(1, subject);
                try (ResultSet r = s.executeQuery()) {
                    return r.next() ? r.getInt(1) : 0;
                }
            }
        });
    }

    /**
     * A guesser sending 50 attempts for one user name at once: each attempt is counted before its
     * password is checked, so only the free ones (and the one after them) go ahead; the rest are told
     * to wait, as they would be one by one.
     */
    @Test
    void parallelAttemptsAreClaimedOneByOneSoOnlyTheFreeOnesGoAhead() throws Exception {
        int attempts = 50;
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Long>> waits = new ArrayList<>();
            for (int i = 0; i < attempts; i++) {
                int n = i;
                waits.add(pool.submit(() -> throttle.claim("alice", "10.0.0." + n)));
            }
            int allowed = 0;
            for (Future<Long> w : waits) {
                if (w.get(60, TimeUnit.SECONDS) == 0) {
                    allowed++;
                }
            }
            assertEquals(LoginThrottle.FREE + 1, allowed, "five free failures, then the sixth attempt's failure"
                    + " makes the next ones wait");
            assertEquals(LoginThrottle.FREE + 1, count("u:alice"));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aClaimThatSucceedsCountsNothingAgainstTheUserOrTheAddress() {
        fail(2, "alice", "10.0.0.1");
        assertEquals(0, throttle.claim("alice", "10.0.0.1"));
        assertEquals(3, count("u:alice"));
        assertEquals(3, count("a:10.0.0.1"));
        throttle.succeeded("alice", "10.0.0.1");
        assertEquals(0, count("u:alice"));
        assertEquals(2, count("a:10.0.0.1"), "the address keeps its two earlier failures");
    }

    @Test
    void aClaimWhileSlowedCountsNothing() {
        fail(LoginThrottle.FREE + 1, "alice", "10.0.0.1");
        long wait = throttle.claim("alice", "10.0.0.1");
        assertTrue(wait > 0);
        assertEquals(LoginThrottle.FREE + 1, count("u:alice"), "refused before any password was checked");
        clock.advance(Duration.ofSeconds(wait));
        assertEquals(0, throttle.claim("alice", "10.0.0.1"));
    }
}
