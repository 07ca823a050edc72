package org.docbridge.writes;

import java.text.Normalizer;
import java.util.function.Function;
import java.util.function.Predicate;
import org.docbridge.access.Access;
import org.docbridge.access.Level;
import org.docbridge.store.DocumentStore;

/**
 * One user's view of the names in one folder: what a new item by a name would be for them, and which
 * names they see taken. Name clashes are answered from this view alone, so that an item the user may
 * not see never shows through an answer: a name it holds is {@link UnusableNameException#hidden()
 * unavailable}, exactly like a name that an access rule hides from the user, whether or not anything
 * is there.
 */
public final class FolderView {

    private final Function<String, Level> levels;
    private final Predicate<String> shown;

    /**
     * @param levels the user's level on a new item by each name, by the access rules
     * @param shown  whether the user sees an item by that name in the folder now
     */
    FolderView(Function<String, Level> levels, Predicate<String> shown) {
        this.levels = levels;
        this.shown = shown;
    }

    /** The folder {@code folderId} as {@code user} sees it. */
    public static FolderView of(Access access, DocumentStore store, String user, String folderId) {
        // levels as a listing decides them, including a folder reached through a link
        Function<String, Level> levels = access.children(user, folderId);
        // listed afresh on each question: a clash is answered from the folder as it is at that moment,
        // and only a clash asks, so a plain create costs no listing
        Predicate<String> shown = name -> access.visibleChildren(user, folderId, store.children(folderId)).stream()
                .anyMatch(visible -> nfc(visible.item().name()).equals(name));
        return new FolderView(levels, shown);
    }

    /** The level the user would have on a new item called {@code name} (NFC, as checked) here. */
    public Level levelOfNew(String name) {
        return levels.apply(name);
    }

    /** Whether the user sees an item called {@code name} (NFC, as checked) here, as a listing shows it. */
    public boolean shows(String name) {
        return shown.test(name);
    }

    private static String nfc(String name) {
        return Normalizer.isNormalized(name, Normalizer.Form.NFC) ? name : Normalizer.normalize(name, Normalizer.Form.NFC);
    }
}
