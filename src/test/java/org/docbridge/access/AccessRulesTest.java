package org.docbridge.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Access rules on their own: parsing, which rule decides, listings, pinned folders, malformed rules. */
class AccessRulesTest {

    private static final Function<String, String> NO_GROUPS = group -> null;

    private static AccessRules rules(Level defaultLevel, String text) {
        return new AccessRules(defaultLevel, text, NO_GROUPS);
    }

    private static AccessRules rules(Level defaultLevel, String text, Map<String, String> groups) {
        return new AccessRules(defaultLevel, text, groups::get);
    }

    private static List<String> trail(String... names) {
        return List.of(names);
    }

    private static List<String> plus(List<String> trail, String name) {
        List<String> longer = new ArrayList<>(trail);
        longer.add(name);
        return longer;
    }

    // --- defaults and format ---------------------------------------------------------------------

    @Test
    void withoutRulesTheDefaultAppliesEverywhere() {
        for (Level level : Level.values()) {
            AccessRules none = rules(level, "");
            assertEquals(0, none.size());
            assertEquals(level, none.defaultLevel());
            assertEquals(level, none.level("alice", trail()));
            assertEquals(level, none.level("bob", trail("a", "b", "c.txt")));
            assertEquals(level, none.children("alice", trail("a")).apply("anything"));
        }
        assertEquals(Level.READ, new AccessRules(Level.READ, null, NO_GROUPS).level("alice", trail("x")));
        assertEquals(Level.NONE, AccessRules.everybody(Level.NONE).level("alice", trail("x")));
        assertEquals(0, AccessRules.everybody(Level.WRITE).size());
    }

    @Test
    void rulesAreSeparatedBySemicolonsOrLineBreaksAndBlankOnesAreIgnored() {
        AccessRules r = rules(Level.NONE, "alice read /a;bob write /b\n  carol write /c ;\r\n\n;; dave read /d  \r\n");
        assertEquals(4, r.size());
        assertEquals(Level.READ, r.level("alice", trail("a")));
        assertEquals(Level.WRITE, r.level("bob", trail("b", "x")));
        assertEquals(Level.WRITE, r.level("carol", trail("c")));
        assertEquals(Level.READ, r.level("dave", trail("d")));
        // each rule is for its own user and folder only
        assertEquals(Level.NONE, r.level("alice", trail("b")));
        assertEquals(Level.NONE, r.level("bob", trail("a")));
        assertEquals(Level.NONE, r.level("alice", trail()));
    }

    @Test
    void levelsAreReadIgnoringCaseAndOrderedNoneReadWrite() {
        AccessRules r = rules(Level.NONE, "* read /; alice READ /a; bob Write /b; carol NoNe /c");
        assertEquals(Level.READ, r.level("alice", trail("a")));
        assertEquals(Level.WRITE, r.level("bob", trail("b")));
        assertEquals(Level.NONE, r.level("carol", trail("c")));
        assertEquals(Level.READ, r.level("carol", trail("a")));
        assertTrue(Level.WRITE.allows(Level.READ));
        assertTrue(Level.READ.allows(Level.READ));
        assertFalse(Level.READ.allows(Level.WRITE));
        assertFalse(Level.NONE.allows(Level.READ));
        assertTrue(Level.NONE.allows(Level.NONE));
    }

    @Test
    void aRuleOnTheRootCoversEverything() {
        AccessRules r = rules(Level.NONE, "alice write /; bob read //");
        assertEquals(Level.WRITE, r.level("alice", trail()));
        assertEquals(Level.WRITE, r.level("alice", trail("a", "b", "c.txt")));
        assertEquals(Level.READ, r.level("bob", trail("deep", "down")));
        assertEquals(Level.NONE, r.level("carol", trail("a")));
    }

    // --- which rule decides ----------------------------------------------------------------------

    @Test
    void theDeepestFolderWithAMatchingRuleDecides() {
        AccessRules r = rules(Level.WRITE, String.join("\n",
                "* read /projects",
                "alice write /projects/apollo",
                "* none /projects/apollo/secret",
                "bob write /projects/apollo/secret/shared"));
        assertEquals(Level.WRITE, r.level("alice", trail("elsewhere")), "the default outside the rules");
        assertEquals(Level.READ, r.level("alice", trail("projects")));
        assertEquals(Level.READ, r.level("alice", trail("projects", "gemini", "plan.pdf")));
        assertEquals(Level.WRITE, r.level("alice", trail("projects", "apollo", "plan.pdf")));
        assertEquals(Level.READ, r.level("bob", trail("projects", "apollo", "plan.pdf")));
        // a deeper rule takes away what a shallower one gave, even from alice
        assertEquals(Level.NONE, r.level("alice", trail("projects", "apollo", "secret")));
        assertEquals(Level.NONE, r.level("alice", trail("projects", "apollo", "secret", "shared")));
        assertEquals(Level.WRITE, r.level("bob", trail("projects", "apollo", "secret", "shared", "x.txt")));
        assertEquals(Level.NONE, r.level("carol", trail("projects", "apollo", "secret", "shared", "x.txt")));
    }

    @Test
    void aDeeperRuleForSomebodyElseDoesNotResetTheLevel() {
        AccessRules r = rules(Level.NONE, "alice read /a; bob write /a/b");
        assertEquals(Level.READ, r.level("alice", trail("a", "b", "c.txt")));
        assertEquals(Level.WRITE, r.level("bob", trail("a", "b", "c.txt")));
        assertEquals(Level.NONE, r.level("bob", trail("a")));
    }

    @Test
    void atOneFolderTheMostPermissiveMatchingGrantWins() {
        Map<String, String> groups = Map.of("editors", "alice, bob", "readers", "alice,carol");
        AccessRules r = rules(Level.NONE, String.join(";",
                "* none /docs",
                "@readers read /docs",
                "alice none /docs",
                "@editors write /docs",
                "carol none /docs"), groups);
        assertEquals(Level.WRITE, r.level("alice", trail("docs")), "user none, readers read, editors write");
        assertEquals(Level.WRITE, r.level("bob", trail("docs", "x")));
        assertEquals(Level.READ, r.level("carol", trail("docs")), "user none, readers read");
        assertEquals(Level.NONE, r.level("dave", trail("docs")), "only *");
        // the order of the rules does not matter
        AccessRules reversed = rules(Level.NONE, "@editors write /docs; alice none /docs; * none /docs", groups);
        assertEquals(Level.WRITE, reversed.level("alice", trail("docs")));
    }

    @Test
    void aUsersOwnRuleAndAGroupRuleCombineToTheMorePermissive() {
        AccessRules r = rules(Level.NONE, "alice read /x; @team write /x; bob write /y; @team read /y",
                Map.of("team", "alice,bob"));
        assertEquals(Level.WRITE, r.level("alice", trail("x")));
        assertEquals(Level.WRITE, r.level("bob", trail("y")));
        assertEquals(Level.READ, r.level("alice", trail("y")));
    }

    @Test
    void aStarMatchesEverybodyIncludingUnknownUsers() {
        AccessRules r = rules(Level.NONE, "* read /public; * write /public/inbox");
        for (String user : List.of("alice", "BOB", "someone-never-configured", "api")) {
            assertEquals(Level.READ, r.level(user, trail("public", "a.pdf")), user);
            assertEquals(Level.WRITE, r.level(user, trail("public", "inbox")), user);
            assertEquals(Level.NONE, r.level(user, trail("private")), user);
        }
    }

    @Test
    void userNamesMatchIgnoringCaseAndSurroundingSpace() {
        Map<String, String> groups = Map.of("team", " Carol ,DAVE");
        AccessRules r = rules(Level.NONE, "Alice write /a; bob read /b; @team read /t", groups);
        assertEquals(Level.WRITE, r.level("alice", trail("a")));
        assertEquals(Level.WRITE, r.level("ALICE", trail("a")));
        assertEquals(Level.WRITE, r.level(" aLiCe ", trail("a")));
        assertEquals(Level.READ, r.level("Bob", trail("b")));
        assertEquals(Level.READ, r.level("carol", trail("t")), "group members too");
        assertEquals(Level.READ, r.level("dave", trail("t")));
        assertEquals(Level.NONE, r.level("alicia", trail("a")));
    }

    @Test
    void groupNamesAreNotUserNames() {
        // a user who happens to be called like a group gets nothing from the group's rule
        AccessRules r = rules(Level.NONE, "@team write /t", Map.of("team", "alice"));
        assertEquals(Level.WRITE, r.level("alice", trail("t")));
        assertEquals(Level.NONE, r.level("team", trail("t")));
    }

    @Test
    void aUserNamedLikeAGroupDoesNotGetTheGroupsGrant() {
        AccessRules r = rules(Level.NONE, "@team write /t", Map.of("team", "alice"));
        assertEquals(Level.NONE, r.level("@team", trail("t")));
        assertEquals(Level.NONE, r.level("@TEAM", trail("t")));
    }

    @Test
    void pathsWithSpacesAndNonAsciiNamesMatch() {
        AccessRules r = rules(Level.NONE, String.join("\n",
                "alice write /Team Docs/Q1  plans",
                "alice read /会議資料/Réunion d'été",
                "bob read /Re\u0301sume\u0301s")); // written decomposed (NFD): read as NFC
        assertEquals(Level.WRITE, r.level("alice", trail("Team Docs", "Q1  plans", "budget.xlsx")));
        assertEquals(Level.NONE, r.level("alice", trail("Team Docs", "Q1 plans")), "the two spaces are kept");
        assertEquals(Level.NONE, r.level("alice", trail("Team Docs")));
        assertEquals(Level.READ, r.level("alice", trail("会議資料", "R\u00e9union d'\u00e9t\u00e9", "x.pdf")));
        assertEquals(Level.READ, r.level("bob", trail("R\u00e9sum\u00e9s")));
    }

    /**
     * The rules normalise their paths to NFC, the trail handed in by the store is the name on disk as
     * it is. A folder that came to the server in NFD (copied from a Mac) is never matched, not even
     * by a rule written with the same bytes, so a 'none' rule fails open.
     */
    @Test
    void aRuleMatchesAFolderWhoseNameOnDiskIsDecomposed() {
        AccessRules r = rules(Level.WRITE, "* none /Re\u0301sume\u0301s");
        assertEquals(Level.NONE, r.level("alice", trail("Re\u0301sume\u0301s")));
        assertEquals(Level.NONE, r.children("alice", trail()).apply("Re\u0301sume\u0301s"));
    }

    @Test
    void noneHidesASubtreeAndADeeperRuleGrantsAgain() {
        AccessRules r = rules(Level.READ, "* none /hr; alice read /hr/handbook; alice write /hr/handbook/drafts");
        assertEquals(Level.READ, r.level("bob", trail("finance")));
        assertEquals(Level.NONE, r.level("bob", trail("hr")));
        assertEquals(Level.NONE, r.level("bob", trail("hr", "salaries", "2024.xlsx")));
        assertEquals(Level.NONE, r.level("bob", trail("hr", "handbook", "intro.pdf")));
        assertEquals(Level.NONE, r.level("alice", trail("hr", "salaries")));
        assertEquals(Level.READ, r.level("alice", trail("hr", "handbook", "intro.pdf")));
        assertEquals(Level.WRITE, r.level("alice", trail("hr", "handbook", "drafts", "v2.docx")));
    }

    // --- listings --------------------------------------------------------------------------------

    @Test
    void childrenAnswersWhatLevelAnswersForEveryChild() {
        Map<String, String> groups = Map.of("team", "bob,carol");
        AccessRules r = rules(Level.READ, String.join("\n",
                "* none /hr",
                "alice read /hr/handbook",
                "@team write /hr/team",
                "bob none /hr/team/private",
                "carol write /projects/x/y",
                "* write /inbox"), groups);
        List<List<String>> folders = List.of(trail(), trail("hr"), trail("hr", "team"), trail("hr", "team", "private"),
                trail("projects"), trail("projects", "x"), trail("projects", "x", "y"), trail("inbox"),
                trail("unruled"), trail("unruled", "deeper"));
        List<String> names = List.of("hr", "handbook", "team", "private", "projects", "x", "y", "inbox", "unruled",
                "deeper", "other.txt", "HR");
        int compared = 0;
        for (String user : List.of("alice", "bob", "carol", "dave", "BOB")) {
            for (List<String> folder : folders) {
                Function<String, Level> children = r.children(user, folder);
                for (String name : names) {
                    assertEquals(r.level(user, plus(folder, name)), children.apply(name),
                            user + " " + folder + " / " + name);
                    compared++;
                }
            }
        }
        assertEquals(5 * folders.size() * names.size(), compared);
        // and the answers are the real ones, not merely equal
        assertEquals(Level.NONE, r.children("dave", trail()).apply("hr"));
        assertEquals(Level.READ, r.children("dave", trail()).apply("projects"));
        assertEquals(Level.READ, r.children("alice", trail("hr")).apply("handbook"));
        assertEquals(Level.NONE, r.children("alice", trail("hr")).apply("other.txt"));
        assertEquals(Level.WRITE, r.children("carol", trail("hr")).apply("team"));
        assertEquals(Level.NONE, r.children("bob", trail("hr", "team")).apply("private"));
        assertEquals(Level.WRITE, r.children("carol", trail("hr", "team")).apply("private"));
        assertEquals(Level.READ, r.children("carol", trail("projects")).apply("x"), "a folder on the way to a rule");
        assertEquals(Level.WRITE, r.children("carol", trail("projects", "x")).apply("y"));
    }

    // --- pinned folders --------------------------------------------------------------------------

    @Test
    void pinsRuleFoldersAndTheirAncestorsOnly() {
        AccessRules r = rules(Level.WRITE, "alice read /a/b/c; * none /x y/é");
        assertTrue(r.pins(trail()), "the root");
        assertTrue(r.pins(trail("a")));
        assertTrue(r.pins(trail("a", "b")));
        assertTrue(r.pins(trail("a", "b", "c")));
        assertTrue(r.pins(trail("x y")));
        assertTrue(r.pins(trail("x y", "\u00e9")));
        assertFalse(r.pins(trail("a", "b", "c", "d")), "below a rule folder: not named by a rule");
        assertFalse(r.pins(trail("a", "other")));
        assertFalse(r.pins(trail("b")));
        assertFalse(r.pins(trail("A")));
        assertFalse(r.pins(trail("x")));
        AccessRules none = rules(Level.WRITE, "");
        assertTrue(none.pins(trail()));
        assertFalse(none.pins(trail("a")));
    }

    // --- malformed rules -------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "alice                    | expected",
        "alice read               | expected",
        "alice maybe /x           | 'maybe' is not a level",
        "alice read x/y           | expected",
        "alice read ~/x           | expected",
        "alice read /a/../b       | '..'",
        "alice read /..           | '..'",
        "alice read /a/./b        | '.'",
        "@bad!group read /x       | a group name",
        "@ read /x                | a group name",
        "@team/x read /x          | a group name"})
    void aMalformedRuleIsRefusedNamingItsNumber(String bad, String why) {
        String text = "alice read /ok;\n\n  ;bob write /fine\n" + bad + "\ncarol read /later";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new AccessRules(Level.READ, text, group -> "alice"));
        assertTrue(e.getMessage().startsWith("rule 3 ('" + bad.strip() + "')"), e.getMessage());
        assertTrue(e.getMessage().contains(why), e.getMessage());
    }

    @Test
    void theFirstMalformedRuleIsTheOneNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> rules(Level.READ, "bogus; alice read /x; alice read nope"));
        assertTrue(e.getMessage().startsWith("rule 1 "), e.getMessage());
    }

    @Test
    void aGroupWithoutMembersNamesItsSetting() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> rules(Level.READ, "alice read /a; @auditors read /audit", Map.of("team", "alice")));
        assertTrue(e.getMessage().contains("docbridge.access.group.auditors"), e.getMessage());
        assertTrue(e.getMessage().contains("@auditors"), e.getMessage());
        // a configured group is fine
        assertEquals(Level.READ, rules(Level.NONE, "@auditors read /audit", Map.of("auditors", "zoe"))
                .level("Zoe", trail("audit")));
    }

    @Test
    void aGroupWithoutMembersAlsoNamesTheRule() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> rules(Level.READ, "alice read /a; @auditors read /audit", Map.of()));
        assertTrue(e.getMessage().contains("rule 2"), e.getMessage());
    }

    // --- groups from a directory -----------------------------------------------------------------

    /** A directory that knows alice in staff and auditors, bob in staff, nobody else in anything. */
    private static Set<String> directory(String user) {
        return switch (user.toLowerCase(java.util.Locale.ROOT)) {
            case "alice" -> Set.of("staff", "auditors");
            case "bob" -> Set.of("staff");
            default -> Set.of();
        };
    }

    @Test
    void withADirectoryARuleMayNameAGroupWithoutConfiguredMembers() {
        AccessRules r = new AccessRules(Level.NONE, "@auditors read /audit; @staff write /shared", NO_GROUPS,
                AccessRulesTest::directory);
        assertEquals(Level.READ, r.level("alice", trail("audit", "2024.pdf")));
        assertEquals(Level.WRITE, r.level("alice", trail("shared")));
        assertEquals(Level.NONE, r.level("bob", trail("audit")), "bob is not an auditor");
        assertEquals(Level.WRITE, r.level("bob", trail("shared", "x")));
        assertEquals(Level.NONE, r.level("carol", trail("audit")), "the directory knows carol in no group");
        assertEquals(Level.NONE, r.level("carol", trail("shared")));
        assertEquals(Level.READ, r.children("alice", trail()).apply("audit"), "listings too");
        assertEquals(Level.NONE, r.children("bob", trail()).apply("audit"));
    }

    @Test
    void withoutADirectoryAGroupWithoutMembersIsStillRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new AccessRules(Level.NONE, "@auditors read /audit", NO_GROUPS));
        assertTrue(e.getMessage().contains("docbridge.access.group.auditors"), e.getMessage());
        IllegalArgumentException four = assertThrows(IllegalArgumentException.class,
                () -> new AccessRules(Level.NONE, "@auditors read /audit", NO_GROUPS, null));
        assertTrue(four.getMessage().contains("docbridge.access.group.auditors"), four.getMessage());
    }

    @Test
    void configuredMembersAndDirectoryGroupsBothCount() {
        // carol is configured in staff, bob is in staff by the directory; dave only configured in auditors
        Map<String, String> configured = Map.of("staff", "carol", "auditors", "Dave");
        AccessRules r = new AccessRules(Level.NONE, "@staff write /shared; @auditors read /audit", configured::get,
                AccessRulesTest::directory);
        assertEquals(Level.WRITE, r.level("carol", trail("shared")), "configured, unknown to the directory");
        assertEquals(Level.WRITE, r.level("bob", trail("shared")), "in the directory, not configured");
        assertEquals(Level.WRITE, r.level("alice", trail("shared")));
        assertEquals(Level.READ, r.level("alice", trail("audit")), "the directory's auditors");
        assertEquals(Level.READ, r.level("dave", trail("audit")), "the configured auditor");
        assertEquals(Level.NONE, r.level("dave", trail("shared")));
        assertEquals(Level.NONE, r.level("bob", trail("audit")));
        assertEquals(Level.NONE, r.level("erin", trail("shared")));
    }

    @Test
    void aUsersConfiguredAndDirectoryGroupsAddUp() {
        // carol is configured in readers and the directory puts her in writers: both rules match her
        AccessRules r = new AccessRules(Level.NONE, "@readers read /a; @writers write /b", Map.of("readers", "carol")::get,
                user -> user.equals("carol") ? Set.of("writers") : Set.of());
        assertEquals(Level.READ, r.level("carol", trail("a")));
        assertEquals(Level.WRITE, r.level("carol", trail("b")));
    }

    @Test
    void theDirectoryIsAskedAboutTheUserNameWithoutSurroundingBlanks() {
        List<String> asked = new ArrayList<>();
        AccessRules r = new AccessRules(Level.NONE, "@staff read /s", NO_GROUPS, user -> {
            asked.add(user);
            return directory(user);
        });
        assertEquals(Level.READ, r.level("  Bob ", trail("s")));
        assertEquals(List.of("Bob"), asked);
    }

    @Test
    void whenNoRuleNamesAGroupTheDirectoryIsNeverAsked() {
        AtomicInteger calls = new AtomicInteger();
        Function<String, Set<String>> counting = user -> {
            calls.incrementAndGet();
            return directory(user);
        };
        AccessRules r = new AccessRules(Level.READ, "alice write /a; * none /hr; bob read /hr/handbook", NO_GROUPS,
                counting);
        assertEquals(Level.WRITE, r.level("alice", trail("a", "x.txt")));
        assertEquals(Level.NONE, r.level("alice", trail("hr")));
        assertEquals(Level.READ, r.level("bob", trail("hr", "handbook")));
        assertEquals(Level.NONE, r.children("carol", trail()).apply("hr"));
        assertEquals(Level.NONE, r.children("carol", trail("hr")).apply("handbook"));
        assertEquals(0, calls.get());
        // once a rule names a group, the directory is asked
        AccessRules grouped = new AccessRules(Level.READ, "@staff write /a", NO_GROUPS, counting);
        assertEquals(Level.WRITE, grouped.level("bob", trail("a")));
        assertNotEquals(0, calls.get());
    }
}
