package org.docbridge.protocol;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.UriInfo;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.docbridge.content.MimeTypes;
import org.docbridge.links.LinkSigner;
import org.docbridge.store.Item;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Turns store items into the protocol's document objects, with signed browser links. */
@ApplicationScoped
public class DocumentViews {

    /** Folders first, then files, each by title ignoring case (exact title breaks ties): stable pages. */
    static final Comparator<Item> ORDER = Comparator.comparing((Item i) -> !i.folder())
            .thenComparing(Item::name, String.CASE_INSENSITIVE_ORDER)
            .thenComparing(Item::name);

    private static final DateTimeFormatter RFC3339_MILLIS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    @Inject
    LinkSigner links;

    @Inject
    @ConfigProperty(name = "docbridge.public-url")
    Optional<String> publicUrl;

    /** Where browser links start: the configured public URL, or this application's root as called. */
    String linkBase(UriInfo uri) {
        String base = publicUrl.filter(u -> !u.isBlank())
                .orElseGet(() -> uri.getBaseUri().resolve("..").toString());
        return base.endsWith("/") ? base : base + "/";
    }

    DocumentJson view(Item item, String linkBase) {
        DocumentJson json = new DocumentJson();
        json.title = item.isRoot() ? "/" : item.name();
        json.kind = item.folder() ? "folder" : "file";
        json.id = item.id();
        json.dateModified = RFC3339_MILLIS.format(item.modified().truncatedTo(ChronoUnit.MILLIS));
        // this release serves the read side only: nobody can change anything through docbridge yet
        json.readOnly = true;
        if (item.folder()) {
            json.viewLink = "";
            json.downloadLink = "";
        } else {
            json.viewLink = linkBase + links.sign(LinkSigner.Purpose.VIEW, item.id());
            json.downloadLink = linkBase + links.sign(LinkSigner.Purpose.DOWNLOAD, item.id());
            json.mimeType = MimeTypes.of(item.name());
            json.size = item.size();
        }
        return json;
    }

    /** The items in protocol order, as document objects, cut to the requested page. */
    List<DocumentJson> page(List<Item> items, Paging paging, String linkBase) {
        List<Item> sorted = new ArrayList<>(items);
        sorted.sort(ORDER);
        List<Item> slice = paging.slice(sorted);
        List<DocumentJson> views = new ArrayList<>(slice.size());
        for (Item item : slice) {
            views.add(view(item, linkBase));
        }
        return views;
    }
}
