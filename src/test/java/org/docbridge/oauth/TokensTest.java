package org.docbridge.oauth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
 * Codes and tokens in the state database: a code works once, for its client, while it lasts, and a
 * second use revokes what it gave; a refresh retires the token it used and a retired one presented
 * again revokes the whole family, also when several requests race; only digests are stored.
 */
class TokensTest {

    static final Duration CODE = Duration.ofMinutes(5);
    static final Duration ACCESS = Duration.ofHours(1);
    static final Duration REFRESH = Duration.ofDays(30);

    /** A clock that stands still until a test moves it on. */
    static final class TestClock extends Clock {
        private volatile Instant now = Instant.parse("2025-03-01T09:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @TempDir
    Path folder;

    Database database;
    TestClock clock;
    Tokens tokens;

    @BeforeEach
    void open() {
        database = TestState.embedded(folder);
        clock = new TestClock();
        tokens = new Tokens(database, CODE, ACCESS, REFRESH, clock);
    }

    @AfterEach
    void close() {
        database.close();
    }

    static boolean everybodyActive(String user) {
        return true;
    }

    Tokens.Grant refresh(String refreshToken) {
        return tokens.refresh(refreshToken, "workfront", TokensTest::everybodyActive);
    }

    /** Every row of the table, each column as text. */
    List<List<String>> rows() {
        return database.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT * FROM oauth_tokens");
                    ResultSet r = s.executeQuery()) {
                List<List<String>> rows = new ArrayList<>();
                int columns = r.getMetaData().getColumnCount();
                while (r.next()) {
                    List<String> row = new ArrayList<>();
                    for (int i = 1; i <= columns; i++) {
                        row.add(r.getString(i));
                    }
                    rows.add(row);
                }
                return rows;
            }
        });
    }

    // --- codes -----------------------------------------------------------------------------------

    @Test
    void aCodeIsExchangedForAnAccessAndARefreshTokenOfItsUser() {
        String code = tokens.issueCode("workfront", "alice");
        Tokens.Grant grant = tokens.exchange(code, "workfront");
        assertEquals("alice", grant.user());
        assertEquals(ACCESS.toSeconds(), grant.expiresIn());
        assertEquals(ACCESS.toSeconds(), tokens.accessSeconds());
        assertNotEquals(grant.accessToken(), grant.refreshToken());
        assertNotEquals(code, grant.accessToken());
        assertTrue(grant.accessToken().matches("[A-Za-z0-9_-]{43}"), grant.accessToken());
        assertTrue(grant.refreshToken().matches("[A-Za-z0-9_-]{43}"), grant.refreshToken());
        assertEquals(Optional.of("alice"), tokens.userOf(grant.accessToken()));
    }

    @Test
    void neitherARefreshTokenNorACodeActsAsAnAccessToken() {
        String code = tokens.issueCode("workfront", "alice");
        Tokens.Grant grant = tokens.exchange(code, "workfront");
        assertEquals(Optional.empty(), tokens.userOf(grant.refreshToken()));
        assertEquals(Optional.empty(), tokens.userOf(code));
        assertEquals(Optional.empty(), tokens.userOf("never-issued"));
        assertEquals(Optional.empty(), tokens.userOf(""));
        assertEquals(Optional.empty(), tokens.userOf(null));
        assertEquals(Optional.empty(), tokens.userOf("x".repeat(513)));
    }

    @Test
    void aCodeUsedTwiceIsRefusedAndRevokesTheTokensItGave() {
        String code = tokens.issueCode("workfront", "alice");
        Tokens.Grant grant = tokens.exchange(code, "workfront");
        Tokens.Refused again = assertThrows(Tokens.Refused.class, () -> tokens.exchange(code, "workfront"));
        assertTrue(again.getMessage().contains("already used"), again.getMessage());
        assertEquals(Optional.empty(), tokens.userOf(grant.accessToken()), "the access token it gave is revoked");
        assertThrows(Tokens.Refused.class, () -> refresh(grant.refreshToken()), "and the refresh token too");
    }

    @Test
    void aCodeIsRefusedToAnotherClientWhichDoesNotUseItUp() {
        String code = tokens.issueCode("client-a", "alice");
        Tokens.Refused refused = assertThrows(Tokens.Refused.class, () -> tokens.exchange(code, "client-b"));
        assertTrue(refused.getMessage().contains("another client"), refused.getMessage());
        // the client it was issued to can still use it
        assertEquals("alice", tokens.exchange(code, "client-a").user());
    }

    @Test
    void anExpiredCodeIsRefused() {
        String code = tokens.issueCode("workfront", "alice");
        clock.advance(CODE.plusSeconds(1));
        Tokens.Refused refused = assertThrows(Tokens.Refused.class, () -> tokens.exchange(code, "workfront"));
        assertTrue(refused.getMessage().contains("expired"), refused.getMessage());
    }

    @Test
    void aCodeWorksUntilTheLastMomentOfItsLifetime() {
        String code = tokens.issueCode("workfront", "alice");
        clock.advance(CODE.minusMillis(1));
        assertEquals("alice", tokens.exchange(code, "workfront").user());
    }

    @Test
    void anUnknownCodeIsRefused() {
        assertThrows(Tokens.Refused.class, () -> tokens.exchange("never-issued", "workfront"));
    }

    // --- refresh ---------------------------------------------------------------------------------

    @Test
    void aRefreshGivesANewPairAndRetiresTheRefreshTokenItUsed() {
        Tokens.Grant first = tokens.exchange(tokens.issueCode("workfront", "alice"), "workfront");
        clock.advance(Duration.ofMinutes(10));
        Tokens.Grant second = refresh(first.refreshToken());
        assertEquals("alice", second.user());
        assertEquals(ACCESS.toSeconds(), second.expiresIn());
        assertNotEquals(first.accessToken(), second.accessToken());
        assertNotEquals(first.refreshToken(), second.refreshToken());
        assertEquals(Optional.of("alice"), tokens.userOf(second.accessToken()));
        // the new refresh token works in turn
        Tokens.Grant third = refresh(second.refreshToken());
        assertEquals(Optional.of("alice"), tokens.userOf(third.accessToken()));
    }

    @Test
    void aRetiredRefreshTokenPresentedAgainRevokesTheWholeFamily() {
        Tokens.Grant first = tokens.exchange(tokens.issueCode("workfront", "alice"), "workfront");
        Tokens.Grant second = refresh(first.refreshToken());
        Tokens.Grant newest = refresh(second.refreshToken());
        assertEquals(Optional.of("alice"), tokens.userOf(newest.accessToken()));

        clock.advance(tokens.refreshGrace()); // past the grace of the client's own parallel refreshes
        Tokens.Refused replay = assertThrows(Tokens.Refused.class, () -> refresh(first.refreshToken()));
        assertTrue(replay.getMessage().contains("already used"), replay.getMessage());
        assertEquals(Optional.empty(), tokens.userOf(newest.accessToken()), "the newest access token");
        assertEquals(Optional.empty(), tokens.userOf(second.accessToken()));
        assertEquals(Optional.empty(), tokens.userOf(first.accessToken()));
        assertThrows(Tokens.Refused.class, () -> refresh(newest.refreshToken()), "the newest refresh token");
    }

    @Test
    void aRevokedFamilyLeavesTheUsersOtherAuthorizationsAlone() {
        Tokens.Grant stolen = tokens.exchange(tokens.issueCode("workfront", "alice"), "workfront");
        Tokens.Grant other = tokens.exchange(tokens.issueCode("workfront", "alice"), "workfront");
        Tokens.Grant thief = refresh(stolen.refreshToken());
        clock.advance(tokens.refreshGrace());
        assertThrows(Tokens.Refused.class, () -> refresh(stolen.refreshToken()));
        assertEquals(Optional.empty(), tokens.userOf(thief.accessToken()));
        assertEquals(Optional.of("alice"), tokens.userOf(other.accessToken()));
        assertEquals("alice", refresh(other.refreshToken()).user());
    }

    @Test
    void aRefreshTokenIsRefusedToAnotherClient() {
        Tokens.Grant grant = tokens.exchange(tokens.issueCode("workfront", "alice"), "workfront");
        Tokens.Refused refused = assertThrows(Tokens.Refused.class,
                () -> tokens.refresh(grant.refreshToken(), "someone-else", TokensTest::everybodyActive));
        assertTrue(refused.getMessage().contains("another client"), refused.getMessage());
        assertEquals("alice", refresh(grant.refreshToken()).user(), "its own client still can");
    }

    @Test
    void anExpiredAccessTokenActsForNobodyButItsRefreshTokenStillWorks() {
        Tokens.Grant grant = tokens.exchange(tokens.issueCode("workfront", "alice"), "workfront");
        clock.advance(ACCESS.minusMillis(1));
        assertEquals(Optional.of("alice"), tokens.userOf(grant.accessToken()));
        clock.advance(Duration.ofMillis(1));
        assertEquals(Optional.empty(), tokens.userOf(grant.accessToken()));
        Tokens.Grant renewed = refresh(grant.refreshToken());
        assertEquals(Optional.of("alice"), tokens.userOf(renewed.accessToken()));
    }

    @Test
    void anExpiredRefreshTokenIsRefused() {
        Tokens.Grant grant = tokens.exchange(tokens.issueCode("workfront", "alice"), "workfront");
        clock.advance(REFRESH);
        Tokens.Refused refused = assertThrows(Tokens.Refused.class, () -> refresh(grant.refreshToken()));
        assertTrue(refused.getMessage().contains("expired"), refused.getMessage());
    }

    @Test
    void aRefreshForAUserWhoIsGoneIsRefusedAndRevokesTheFamily() {
        Tokens.Grant first = tokens.exchange(tokens.issueCode("workfront", "alice"), "workfront");
        Tokens.Grant second = refresh(first.refreshToken());
        List<String> asked = new ArrayList<>();
        Tokens.Refused refused = assertThrows(Tokens.Refused.class, () -> tokens.refresh(second.refreshToken(),
                "workfront", user -> asked.add(user) && false));
        assertEquals(List.of("alice"), asked);
        assertTrue(refused.getMessage().contains("alice"), refused.getMessage());
        assertEquals(Optional.empty(), tokens.userOf(second.accessToken()));
        // when the user is back, the revoked family stays revoked: a new login is needed
        assertThrows(Tokens.Refused.class, () -> refresh(second.refreshToken()));
    }

    // --- revoking a user -------------------------------------------------------------------------

    @Test
    void revokingAUserRemovesTheirCodesAndTokensOnly() {
        Tokens.Grant alice = tokens.exchange(tokens.issueCode("workfront", "alice"), "workfront");
        String aliceCode = tokens.issueCode("workfront", "alice");
        Tokens.Grant bob = tokens.exchange(tokens.issueCode("workfront", "bob"), "workfront");

        // alice: a used code, an access and a refresh token, and an unused code
        assertEquals(4, tokens.revokeUser("alice"));
        assertEquals(Optional.empty(), tokens.userOf(alice.accessToken()));
        assertThrows(Tokens.Refused.class, () -> refresh(alice.refreshToken()));
        assertThrows(Tokens.Refused.class, () -> tokens.exchange(aliceCode, "workfront"));

        assertEquals(Optional.of("bob"), tokens.userOf(bob.accessToken()));
        assertEquals("bob", refresh(bob.refreshToken()).user());
        assertEquals(0, tokens.revokeUser("alice"));
    }

    // --- storage ---------------------------------------------------------------------------------

    @Test
    void onlyDigestsOfCodesAndTokensAreStored() {
        List<String> clear = new ArrayList<>();
        String used = tokens.issueCode("workfront", "alice");
        Tokens.Grant first = tokens.exchange(used, "workfront");
        Tokens.Grant second = refresh(first.refreshToken());
        String unused = tokens.issueCode("workfront", "bob");
        clear.addAll(List.of(used, unused, first.accessToken(), first.refreshToken(), second.accessToken(),
                second.refreshToken()));

        List<List<String>> rows = rows();
        assertEquals(clear.size(), rows.size());
        List<String> hashes = new ArrayList<>();
        for (List<String> row : rows) {
            for (String column : row) {
                for (String token : clear) {
                    assertFalse(column != null && column.contains(token), "a clear token in " + row);
                }
            }
        }
        for (String token : clear) {
            hashes.add(Hashing.key(token));
        }
        List<String> stored = database.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT token_hash FROM oauth_tokens");
                    ResultSet r = s.executeQuery()) {
                List<String> all = new ArrayList<>();
                while (r.next()) {
                    all.add(r.getString(1));
                }
                return all;
            }
        });
        for (String hash : stored) {
            assertTrue(hash.matches("[0-9a-f]{64}"), hash);
        }
        assertEquals(hashes.stream().sorted().toList(), stored.stream().sorted().toList(),
                "each row is under the SHA-256 of its value");
    }

    @Test
    void expiredRowsArePurgedAsNewCodesAreIssued() {
        tokens.exchange(tokens.issueCode("workfront", "alice"), "workfront");
        assertEquals(3, rows().size());
        clock.advance(REFRESH.plus(Tokens.KEPT_AFTER_EXPIRY).plusMinutes(1));
        tokens.issueCode("workfront", "bob");
        assertEquals(1, rows().size(), "only bob's new code is left");
    }

    // --- races -----------------------------------------------------------------------------------

    /**
     * Eight requests with one refresh token at once (Workfront refreshing from several calls that all
     * got a 403): the first to retire it gets a pair, every other one is refused, and within the grace
     * that refusal revokes nothing, so the winner's pair goes on working.
     */
    @Test
    void concurrentRefreshesWithOneTokenGiveOneGrantAndLeaveItWorking() throws Exception {
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (int round = 0; round < 5; round++) {
                Tokens.Grant start = tokens.exchange(tokens.issueCode("workfront", "alice"), "workfront");
                CyclicBarrier together = new CyclicBarrier(threads);
                List<Future<Tokens.Grant>> answers = new ArrayList<>();
                for (int i = 0; i < threads; i++) {
                    answers.add(pool.submit(() -> {
                        together.await(10, TimeUnit.SECONDS);
                        return refresh(start.refreshToken());
                    }));
                }
                List<Tokens.Grant> grants = new ArrayList<>();
                int refused = 0;
                for (Future<Tokens.Grant> answer : answers) {
                    try {
                        grants.add(answer.get(30, TimeUnit.SECONDS));
                    } catch (ExecutionException e) {
                        assertTrue(e.getCause() instanceof Tokens.Refused, "round " + round + ": " + e.getCause());
                        assertTrue(e.getCause().getMessage().contains("a moment ago"), e.getCause().getMessage());
                        refused++;
                    }
                }
                assertEquals(1, grants.size(), "round " + round);
                assertEquals(threads - 1, refused, "round " + round);
                Tokens.Grant winner = grants.get(0);
                assertEquals(Optional.of("alice"), tokens.userOf(winner.accessToken()), "round " + round
                        + ": the client's own race does not disconnect the user");
                assertEquals("alice", refresh(winner.refreshToken()).user(), "round " + round);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aRetiredRefreshTokenWithinTheGraceIsRefusedWithoutRevokingAndAfterItRevokes() {
        Tokens.Grant first = tokens.exchange(tokens.issueCode("workfront", "alice"), "workfront");
        Tokens.Grant second = refresh(first.refreshToken());
        clock.advance(tokens.refreshGrace().minusSeconds(1));
        Tokens.Refused early = assertThrows(Tokens.Refused.class, () -> refresh(first.refreshToken()));
        assertTrue(early.getMessage().contains("a moment ago"), early.getMessage());
        assertEquals(Optional.of("alice"), tokens.userOf(second.accessToken()));
        clock.advance(Duration.ofSeconds(1));
        assertThrows(Tokens.Refused.class, () -> refresh(first.refreshToken()));
        assertEquals(Optional.empty(), tokens.userOf(second.accessToken()), "past the grace: a copy, revoked");
    }

    @Test
    void concurrentExchangesOfOneCodeGiveOneGrantThenRevokeIt() throws Exception {
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            String code = tokens.issueCode("workfront", "alice");
            CyclicBarrier together = new CyclicBarrier(threads);
            List<Future<Tokens.Grant>> answers = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                answers.add(pool.submit(() -> {
                    together.await(10, TimeUnit.SECONDS);
                    return tokens.exchange(code, "workfront");
                }));
            }
            List<Tokens.Grant> grants = new ArrayList<>();
            for (Future<Tokens.Grant> answer : answers) {
                try {
                    grants.add(answer.get(30, TimeUnit.SECONDS));
                } catch (ExecutionException e) {
                    assertTrue(e.getCause() instanceof Tokens.Refused, String.valueOf(e.getCause()));
                }
            }
            assertEquals(1, grants.size());
            assertEquals(Optional.empty(), tokens.userOf(grants.get(0).accessToken()));
        } finally {
            pool.shutdownNow();
        }
    }
}
