package org.docbridge.access;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.logging.Logger;
import org.docbridge.store.DocumentStore;
import org.docbridge.store.Item;
import org.docbridge.web.ApiError;
import org.eclipse.microprofile.config.Config;

/**
 * The permission checks every endpoint makes: the configured {@link AccessRules} applied to the
 * store's items for the acting user. A user who may not read an item gets 403 for it and never sees
 * it in a listing or a search.
 */
@ApplicationScoped
public class Access {

    private static final Logger LOG = Logger.getLogger(Access.class.getName());

    @Inject
    Config config;

    @Inject
    DocumentStore store;

    @Inject
    Locks locks;

    @Inject
    org.docbridge.users.Directories directories;

    private AccessRules rules;

    @PostConstruct
    void load() {
        String defaultText = config.getOptionalValue("docbridge.access.default", String.class).orElse("write").strip();
        Level defaultLevel;
        try {
            defaultLevel = Level.parse(defaultText);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("docbridge.access.default: " + e.getMessage());
        }
        String text = config.getOptionalValue("docbridge.access.rules", String.class).orElse("");
        try {
            rules = new AccessRules(defaultLevel, text,
                    group -> config.getOptionalValue("docbridge.access.group." + group, String.class).orElse(null),
                    directories.groupsForRules());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("docbridge.access.rules: " + e.getMessage());
        }
        LOG.info(() -> "Access: " + rules.size() + " rule(s); where none applies, everybody may "
                + defaultLevel.name().toLowerCase(java.util.Locale.ROOT));
    }

    public AccessRules rules() {
        return rules;
    }

    /**
     * Where an item is: the names from the root to it, and to where its content really is (the
     * same unless a link leads there). The second costs a realpath, so it is looked up only when a
     * rule or a lock could make it matter.
     */
    private record Place(List<String> trail, List<String> target) {
        boolean linked() {
            return !target.equals(trail);
        }
    }

    private Place place(String id) {
        List<String> trail = store.trail(id);
        return new Place(trail, rules.size() == 0 && locks.isEmpty() ? trail : store.targetTrail(id));
    }

    /** What {@code user} may do with the item {@code id}: the rules' level, at most read while it is locked. */
    public Level level(String user, String id) {
        Place place = place(id);
        Level level = ruleLevel(user, place);
        return level == Level.WRITE && isLocked(id, place) ? Level.READ : level;
    }

    /**
     * What the access rules alone let {@code user} do with {@code id}, locks aside. An item reached
     * through a link to another place in the store gets the lesser of the two places' levels, so that
     * a link can never open a way around a rule.
     */
    public Level ruleLevel(String user, String id) {
        return ruleLevel(user, place(id));
    }

    private Level ruleLevel(String user, Place place) {
        Level level = rules.level(user, place.trail());
        if (level == Level.NONE || !place.linked()) {
            return level;
        }
        return min(level, rules.level(user, place.target()));
    }

    private static Level min(Level a, Level b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /**
     * Whether the item, or a folder above it, is locked; for an item reached through a link, also
     * where its content really is.
     */
    public boolean isLocked(String id) {
        return !locks.isEmpty() && isLocked(id, place(id));
    }

    private boolean isLocked(String id, Place place) {
        if (locks.isEmpty()) {
            return false;
        }
        for (String at = id; at != null; at = store.parentId(at)) {
            if (locks.of(at).isPresent()) {
                return true;
            }
        }
        return place.linked() && lockedAlong(place.target());
    }

    private boolean lockedAlong(List<String> realTrail) {
        for (String at : store.idsAlong(realTrail)) {
            if (locks.of(at).isPresent()) {
                return true;
            }
        }
        return false;
    }

    /**
     * The id of the item where its content really is: the item's own id, or, for an item reached
     * through a link, the id of the linked item. Locks are placed there, so that they hold by every
     * way to the content.
     */
    public String realId(String id) {
        List<String> target = store.targetTrail(id);
        return target.equals(store.trail(id)) ? id : store.idAt(target);
    }

    /**
     * The checks every rename, move, archive and delete makes, whoever asks for it: write access to
     * the item, no access rule naming it (or anything inside it), and no locked item inside it.
     */
    public void requireMovable(String user, String id) {
        require(user, id, Level.WRITE);
        requireUnpinned(id);
        requireNothingLockedBelow(id);
    }

    /**
     * Refuses to delete or move a folder that holds a locked item, found by the catalogue's folders
     * or, for a folder reached through a link, by where its content really is (locks are placed there).
     */
    public void requireNothingLockedBelow(String folderId) {
        if (locks.isEmpty()) {
            return;
        }
        List<String> realFolder = null;
        for (String locked : locks.ids()) {
            try {
                for (String at = store.parentId(locked); at != null; at = store.parentId(at)) {
                    if (at.equals(folderId)) {
                        throw lockedInside();
                    }
                }
                if (realFolder == null) {
                    realFolder = store.targetTrail(folderId);
                }
                List<String> realLocked = store.targetTrail(locked);
                if (realLocked.size() > realFolder.size()
                        && realLocked.subList(0, realFolder.size()).equals(realFolder)) {
                    throw lockedInside();
                }
            } catch (org.docbridge.store.NoSuchItemException gone) {
                // a lock on an item deleted since: nothing to protect
            }
        }
    }

    private static ApiError lockedInside() {
        return ApiError.forbidden("this folder holds a locked item; unlock it first");
    }

    /** The item, if {@code user} may read it; 403 otherwise. */
    public Item readable(String user, String id) {
        Item item = store.get(id);
        require(user, id, Level.READ);
        return item;
    }

    /** Answers 403 unless {@code user} has at least {@code needed} on {@code id}. */
    public Level require(String user, String id, Level needed) {
        Place place = place(id);
        Level byRules = ruleLevel(user, place);
        boolean locked = byRules == Level.WRITE && isLocked(id, place);
        Level level = locked ? Level.READ : byRules;
        if (!level.allows(needed)) {
            throw ApiError.forbidden(locked ? "this item is locked (custom action 'lock'); unlock it first"
                    : level == Level.NONE || needed == Level.READ ? "you may not see this document or folder"
                    : "you may read this item but not change it");
        }
        return level;
    }

    /** Refuses to rename, move or delete a folder that an access rule names or lies above. */
    public void requireUnpinned(String id) {
        if (DocumentStore.ROOT_ID.equals(id)) {
            return;
        }
        List<String> trail = store.trail(id);
        boolean pinned = rules.pins(trail);
        if (!pinned && rules.size() > 0) {
            // renaming or deleting through a linked folder acts on the real folder; on a link itself,
            // only on the link
            List<String> target = store.targetTrail(id);
            List<String> viaParent = new ArrayList<>(store.targetTrail(store.parentId(id)));
            viaParent.add(trail.get(trail.size() - 1));
            pinned = target.equals(viaParent) && rules.pins(target);
        }
        if (pinned) {
            throw ApiError.forbidden("this folder is named in the access rules (docbridge.access.rules), or holds one"
                    + " that is; an administrator must change the rules before it can be renamed or deleted");
        }
    }

    /** How to decide each child's level in a listing of the folder {@code folderId} (links aside). */
    public Function<String, Level> children(String user, String folderId) {
        List<String> trail = store.trail(folderId);
        Function<String, Level> byTrail = rules.children(user, trail);
        if (rules.size() == 0) {
            return byTrail;
        }
        List<String> target = store.targetTrail(folderId);
        if (target.equals(trail)) {
            return byTrail;
        }
        Function<String, Level> byTarget = rules.children(user, target);
        return name -> min(byTrail.apply(name), byTarget.apply(name));
    }

    /** A listing's items that {@code user} may see, each with its level. */
    public List<Visible> visibleChildren(String user, String folderId, List<Item> children) {
        Function<String, Level> byName = children(user, folderId);
        boolean ruled = rules.size() > 0;
        // a folder reached through a link: its children's locks are on their real ids
        List<String> realFolder = locks.isEmpty() ? null : store.targetTrail(folderId);
        boolean linkedFolder = realFolder != null && !realFolder.equals(store.trail(folderId));
        Function<Item, Level> levelOf = item -> {
            Level level = byName.apply(item.name());
            if (ruled && item.alias() && level != Level.NONE) {
                try {
                    level = min(level, rules.level(user, store.targetTrail(item.id())));
                } catch (RuntimeException gone) {
                    level = Level.NONE; // its target vanished meanwhile
                }
            }
            return level;
        };
        boolean anyLock = !locks.isEmpty();
        boolean folderLocked = anyLock && isLocked(folderId);
        List<Visible> visible = new ArrayList<>(children.size());
        for (Item item : children) {
            Level level = levelOf.apply(item);
            if (level == Level.WRITE && anyLock && (folderLocked || locks.of(item.id()).isPresent()
                    || lockedThroughLink(item, linkedFolder ? realFolder : null))) {
                level = Level.READ;
            }
            if (level != Level.NONE) {
                visible.add(new Visible(item, level));
            }
        }
        return visible;
    }

    /** Whether a listed item is locked where its content really is; a vanished target counts as not. */
    private boolean lockedThroughLink(Item item, List<String> realFolder) {
        try {
            if (item.alias()) {
                return isLocked(item.id());
            }
            if (realFolder != null) {
                List<String> real = new ArrayList<>(realFolder);
                real.add(item.name());
                return lockedAlong(real);
            }
            return false;
        } catch (RuntimeException gone) {
            return false;
        }
    }

    /** Search results that {@code user} may see, each with its level. */
    public List<Visible> visible(String user, List<Item> items) {
        List<Visible> visible = new ArrayList<>(items.size());
        for (Item item : items) {
            Level level;
            try {
                level = level(user, item.id());
            } catch (RuntimeException e) {
                continue; // gone since it was found
            }
            if (level != Level.NONE) {
                visible.add(new Visible(item, level));
            }
        }
        return visible;
    }

    /** An item as one user sees it. */
    public record Visible(Item item, Level level) {
        public boolean readOnly() {
            return level != Level.WRITE;
        }
    }
}
