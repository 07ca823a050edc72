package org.docbridge.writes;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.docbridge.store.DocumentStore;
import org.docbridge.store.Item;
import org.docbridge.store.ItemNames;
import org.docbridge.store.NameTakenException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Puts new items into folders under the name-conflict policy, {@code docbridge.name-conflict}:
 * {@code new-name} (the default) takes the first free {@code name (n).ext}, {@code refuse} answers
 * {@link NameTakenException}. Each attempt claims its name atomically, so parallel callers with
 * one name get distinct names.
 */
@ApplicationScoped
public class Placement {

    /** How many numbered names ("report (7).pdf") are tried before a name counts as taken. */
    static final int MAX_NUMBERED = 1000;

    /** What to do when the name is taken. */
    public enum Conflict { NEW_NAME, REFUSE }

    @Inject
    DocumentStore store;

    @Inject
    @ConfigProperty(name = "docbridge.name-conflict", defaultValue = "new-name")
    String conflictSetting;

    private Conflict conflict;

    @PostConstruct
    void check() {
        conflict = switch (conflictSetting.strip().toLowerCase(Locale.ROOT)) {
            case "new-name" -> Conflict.NEW_NAME;
            case "refuse" -> Conflict.REFUSE;
            default -> throw new IllegalStateException("docbridge.name-conflict: '" + conflictSetting
                    + "' is not a policy; use new-name or refuse");
        };
    }

    public Conflict conflict() {
        return conflict;
    }

    /** A new empty file or folder named {@code name}, or as the policy says when it is taken. */
    public Item create(String folderId, String name, boolean folder) {
        return place(name, folder, n -> folder ? store.createFolder(folderId, n) : store.createFile(folderId, n));
    }

    /**
     * Moves an item into a folder under its own name (kept even if the rules for new names would
     * refuse it), or as the policy says when it is taken.
     */
    public Item move(Item item, String folderId) {
        try {
            return store.move(item.id(), folderId, item.name());
        } catch (NameTakenException taken) {
            if (conflict == Conflict.REFUSE) {
                throw taken;
            }
        }
        String base = ItemNames.sanitize(item.name());
        return place(base, item.folder(), true, n -> store.move(item.id(), folderId, n));
    }

    /**
     * A new file in a folder with all that {@code data} yields, appearing complete or not at all,
     * named after {@code name} (made valid if it is not, e.g. for a file created outside docbridge)
     * or as the policy says when that is taken.
     */
    public Item create(String folderId, String name, java.io.InputStream data) throws java.io.IOException {
        String base = ItemNames.sanitize(name);
        List<String> names = new ArrayList<>();
        names.add(base);
        if (conflict == Conflict.NEW_NAME) {
            for (int n = 1; n <= MAX_NUMBERED; n++) {
                names.add(ItemNames.numbered(base, n, false));
            }
        }
        try {
            return store.createFile(folderId, names.iterator(), data, Long.MAX_VALUE);
        } catch (NameTakenException taken) {
            throw taken(base, conflict == Conflict.NEW_NAME);
        }
    }

    private Item place(String name, boolean folder, Function<String, Item> attempt) {
        return place(name, folder, false, attempt);
    }

    private Item place(String name, boolean folder, boolean firstTried, Function<String, Item> attempt) {
        if (!firstTried) {
            try {
                return attempt.apply(name);
            } catch (NameTakenException taken) {
                if (conflict == Conflict.REFUSE) {
                    throw taken;
                }
            }
        }
        for (int n = 1; n <= MAX_NUMBERED; n++) {
            try {
                return attempt.apply(ItemNames.numbered(name, n, folder));
            } catch (NameTakenException next) {
                // try the next number
            }
        }
        throw taken(name, true);
    }

    private static NameTakenException taken(String name, boolean numbered) {
        return new NameTakenException(numbered ? "the folder already holds '" + name + "' and " + MAX_NUMBERED
                + " numbered variants of it; choose another name" : "the folder already holds an item named '" + name + "'");
    }
}
