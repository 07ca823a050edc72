package org.docbridge.writes;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Locale;
import java.util.function.Function;
import org.docbridge.access.Level;
import org.docbridge.store.DocumentStore;
import org.docbridge.store.Item;
import org.docbridge.store.ItemNames;
import org.docbridge.store.NameTakenException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Puts new items into folders under the name-conflict policy, {@code docbridge.name-conflict}:
 * {@code new-name} (the default) takes the first free {@code name (n).ext}, {@code refuse} answers
 * {@link NameTakenException}. Each attempt claims its name atomically, so parallel callers with
 * one name get distinct names. New items are placed as the acting user sees the folder
 * ({@link FolderView}), so that no answer reveals an item the user may not see.
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

    /**
     * A new empty file or folder named {@code name} in the folder {@code view} shows, or as the policy
     * says when the name is taken. Only a name the user may use is made: a folder they can at least
     * read, a file (a placeholder for an upload) they can write. A clash is answered as the user sees
     * the folder: one with an item they see as always (a numbered name, or NameTaken naming it); a
     * name they may not use for a reason they may not see is {@link UnusableNameException#hidden()
     * unavailable}, whether or not an item holds it. Numbered names the user could not use are skipped.
     * {@code check} runs under the store's write lock just before the item is made (the user's right to
     * write into the folder, again), and refuses it by throwing.
     */
    public Item create(String folderId, String name, boolean folder, FolderView view, Runnable check) {
        Level needed = folder ? Level.READ : Level.WRITE;
        Function<String, Item> attempt = n -> folder ? store.createFolder(folderId, n, check)
                : store.createFile(folderId, n, check);
        Level level = view.levelOfNew(name);
        if (level == Level.NONE) {
            throw UnusableNameException.hidden(); // a rule hides the name: asked before any look at the folder
        }
        if (level.allows(needed)) {
            try {
                return attempt.apply(name);
            } catch (NameTakenException taken) {
                if (!view.shows(name)) {
                    throw UnusableNameException.hidden();
                }
                if (conflict == Conflict.REFUSE) {
                    throw taken;
                }
            }
        } else if (!view.shows(name)) {
            // free or held by an item the user may not see: the same answer either way
            throw UnusableNameException.readOnly();
        } else if (conflict == Conflict.REFUSE) {
            throw taken(name); // a read-only item the user sees holds it
        }
        Iterator<String> numbered = names(name, folder, true);
        while (numbered.hasNext()) {
            String next = numbered.next();
            if (!view.levelOfNew(next).allows(needed)) {
                continue; // never made: the user could not use it
            }
            try {
                return attempt.apply(next);
            } catch (NameTakenException taken) {
                // the next one, whoever holds this one
            }
        }
        throw taken(null);
    }

    /**
     * Moves an item into a folder under its own name (kept even if the rules for new names would
     * refuse it), or as the policy says when it is taken. {@code check} runs under the store's write
     * lock just before the move takes effect, and refuses it by throwing.
     */
    public Item move(Item item, String folderId, Runnable check) {
        try {
            return store.move(item.id(), folderId, item.name(), check);
        } catch (NameTakenException taken) {
            if (conflict == Conflict.REFUSE) {
                throw taken;
            }
        }
        return place(names(ItemNames.sanitize(item.name()), item.folder(), true), n -> store.move(item.id(), folderId, n, check));
    }

    /**
     * A new file in a folder with all that {@code data} yields, appearing complete or not at all,
     * named after {@code name} (made valid if it is not, e.g. for a file created outside docbridge)
     * or as the policy says when that is taken; {@code check} as for {@link #create(String, String,
     * boolean, FolderView, Runnable)}.
     */
    public Item create(String folderId, String name, java.io.InputStream data, Runnable check) throws java.io.IOException {
        String base = ItemNames.sanitize(name);
        try {
            return store.createFile(folderId, names(base, false, false), data, Long.MAX_VALUE, check);
        } catch (NameTakenException taken) {
            throw taken(base);
        }
    }

    /**
     * The names to try in turn, made as they are needed: {@code base} itself (unless already tried),
     * then, under the new-name policy, {@code base (1)} to {@code base (1000)}.
     */
    private Iterator<String> names(String base, boolean folder, boolean baseTried) {
        int last = conflict == Conflict.NEW_NAME ? MAX_NUMBERED : 0;
        return new Iterator<>() {
            int next = baseTried ? 1 : 0;

            @Override
            public boolean hasNext() {
                return next <= last;
            }

            @Override
            public String next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                int n = next++;
                return n == 0 ? base : ItemNames.numbered(base, n, folder);
            }
        };
    }

    private Item place(Iterator<String> names, Function<String, Item> attempt) {
        NameTakenException taken = null;
        while (names.hasNext()) {
            try {
                return attempt.apply(names.next());
            } catch (NameTakenException e) {
                taken = e;
            }
        }
        throw taken != null && conflict == Conflict.REFUSE ? taken : taken(null);
    }

    private NameTakenException taken(String name) {
        return new NameTakenException(conflict == Conflict.NEW_NAME
                ? "the name and " + MAX_NUMBERED + " numbered variants of it are all taken in the folder; choose another name"
                : "the folder already holds an item named '" + name + "'");
    }
}
