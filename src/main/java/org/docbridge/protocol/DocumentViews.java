package org.docbridge.protocol;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.docbridge.access.Access;
import org.docbridge.content.MimeTypes;
import org.docbridge.links.LinkSigner;
import org.docbridge.store.Item;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Turns store items into the protocol's document objects, with signed browser links. */
@ApplicationScoped
public class DocumentViews {

    /** Folders first, then files, each by title ignoring case (exact title breaks ties): stable pages. */
    static final Comparator<Item> ORDER = (a, b) -> {
        if (a.folder() != b.folder()) {
            return a.folder() ? -1 : 1;
        }
        int byTitle = String.CASE_INSENSITIVE_ORDER.compare(a.name(), b.name());
        return byTitle != 0 ? byTitle : a.name().compareTo(b.name());
    };


    @Inject
    LinkSigner links;

    @Inject
    @ConfigProperty(name = "docbridge.public-url")
    Optional<String> publicUrl;

    /** What viewLink opens: the file itself ({@code file}) or docbridge's page about it ({@code page}). */
    @Inject
    @ConfigProperty(name = "docbridge.links.view", defaultValue = "file")
    String viewSetting;

    private volatile LinkSigner.Purpose viewPurpose;

    /** The purpose of viewLink from {@code docbridge.links.view}; a wrong value stops the start. */
    public LinkSigner.Purpose viewPurpose() {
        LinkSigner.Purpose p = viewPurpose;
        if (p == null) {
            p = switch (viewSetting.strip().toLowerCase(java.util.Locale.ROOT)) {
                case "file" -> LinkSigner.Purpose.VIEW;
                case "page" -> LinkSigner.Purpose.PAGE;
                default -> throw new IllegalStateException("docbridge.links.view: '" + viewSetting
                        + "' is neither file (viewLink opens the document) nor page (docbridge's page about it)");
            };
            viewPurpose = p;
        }
        return p;
    }

    /** Request base URI to link base, so that the common case costs one map look-up. */
    private final Map<URI, String> linkBases = new ConcurrentHashMap<>();

    /** Where browser links start: the configured public URL, or this application's root as called. */
    String linkBase(UriInfo uri) {
        if (publicUrl.isPresent() && !publicUrl.get().isBlank()) {
            String base = publicUrl.get();
            return base.endsWith("/") ? base : base + "/";
        }
        URI requestBase = uri.getBaseUri();
        String base = linkBases.get(requestBase);
        if (base == null) {
            base = requestBase.resolve("..").toString();
            if (linkBases.size() < 64) { // bounded: the Host header is the client's to choose
                linkBases.put(requestBase, base);
            }
        }
        return base;
    }

    DocumentJson view(Item item, String linkBase, boolean readOnly) {
        DocumentJson json = new DocumentJson();
        json.title = item.isRoot() ? "/" : item.name();
        json.kind = item.folder() ? "folder" : "file";
        json.id = item.id();
        json.dateModified = rfc3339Millis(item.modified());
        json.readOnly = readOnly;
        if (item.folder()) {
            json.viewLink = "";
            json.downloadLink = "";
        } else {
            json.viewLink = linkBase + links.sign(viewPurpose(), item.id());
            json.downloadLink = linkBase + links.sign(LinkSigner.Purpose.DOWNLOAD, item.id());
            json.mimeType = MimeTypes.of(item.name());
            json.size = item.size();
        }
        return json;
    }

    /** {@code 2024-03-01T09:15:30.123Z}: RFC 3339, UTC, milliseconds (years 0 to 9999). */
    static String rfc3339Millis(Instant instant) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(instant.getEpochSecond(), instant.getNano(), ZoneOffset.UTC);
        char[] c = "0000-00-00T00:00:00.000Z".toCharArray();
        digits(c, 0, 4, t.getYear());
        digits(c, 5, 2, t.getMonthValue());
        digits(c, 8, 2, t.getDayOfMonth());
        digits(c, 11, 2, t.getHour());
        digits(c, 14, 2, t.getMinute());
        digits(c, 17, 2, t.getSecond());
        digits(c, 20, 3, t.getNano() / 1_000_000);
        return new String(c);
    }

    private static void digits(char[] c, int at, int width, int value) {
        for (int i = at + width - 1; i >= at; i--) {
            c[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }

    DocumentJson view(Access.Visible visible, String linkBase) {
        return view(visible.item(), linkBase, visible.readOnly());
    }

    /** The items in protocol order, as document objects, cut to the requested page. */
    List<DocumentJson> page(List<Access.Visible> items, Paging paging, String linkBase) {
        List<Access.Visible> sorted = new ArrayList<>(items);
        sorted.sort((a, b) -> ORDER.compare(a.item(), b.item()));
        List<Access.Visible> slice = paging.slice(sorted);
        List<DocumentJson> views = new ArrayList<>(slice.size());
        for (Access.Visible item : slice) {
            views.add(view(item, linkBase));
        }
        return views;
    }
}
