package org.docbridge.links;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.ServletContext;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.text.NumberFormat;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.docbridge.content.MimeTypes;
import org.docbridge.content.Thumbnails;
import org.docbridge.pages.Pages;
import org.docbridge.store.DocumentStore;
import org.docbridge.store.Item;
import org.docbridge.web.ApiError;

/**
 * The document page a {@code viewLink} opens with {@code docbridge.links.view=page}: the document's
 * title, type, size, date and preview, with Open and Download buttons (links signed in turn). The
 * page's own signed link also opens its preview.
 */
@Path("")
@ApplicationScoped
public class DocumentPage {

    static final int THUMBNAIL_WIDTH = 240;

    @Inject
    LinkSigner signer;

    @Inject
    DocumentStore store;

    @Inject
    Thumbnails thumbnails;

    @Inject
    Pages pages;

    @Context
    ServletContext servlet;

    @GET
    @Path("page/{id}")
    public Response page(@Context HttpHeaders headers, @PathParam("id") String id,
            @QueryParam("expires") String expires, @QueryParam("signature") String signature) {
        Pages.Texts texts = Pages.texts(Pages.language(headers));
        LinkSigner.Verdict verdict = signer.check(LinkSigner.Purpose.PAGE, id, expires, signature);
        if (verdict != LinkSigner.Verdict.VALID) {
            String key = verdict == LinkSigner.Verdict.EXPIRED ? "document.expired" : "document.invalid";
            return pages.render(servlet, 403, "error", texts, Map.of("title", texts.get(key + ".title"),
                    "pageTitle", texts.get(key + ".title"), "text", texts.get(key + ".text")));
        }
        Item item = store.get(id);
        if (item.folder()) {
            throw ApiError.notFound("the item is a folder, not a file");
        }
        Locale language = texts.language();
        String root = servlet.getContextPath() + "/";
        Map<String, String> values = new HashMap<>();
        values.put("pageTitle", item.name());
        values.put("title", item.name());
        values.put("kind", MimeTypes.of(item.name()));
        values.put("size", size(item.size(), language));
        Instant modified = item.modified();
        values.put("modifiedIso", modified.toString());
        values.put("modified", DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM, FormatStyle.SHORT)
                .withLocale(language).withZone(ZoneOffset.UTC).format(modified) + " UTC");
        values.put("thumbnail", root + "links/thumbnail/" + id + "?expires=" + expires + "&signature=" + signature);
        values.put("thumbnailAlt", texts.get("document.thumbnail", item.name()));
        values.put("thumbWidth", String.valueOf(THUMBNAIL_WIDTH));
        values.put("thumbHeight", String.valueOf(THUMBNAIL_WIDTH));
        values.put("open", root + signer.sign(LinkSigner.Purpose.VIEW, id));
        values.put("download", root + signer.sign(LinkSigner.Purpose.DOWNLOAD, id));
        values.put("expires", texts.get("document.expires", DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM,
                FormatStyle.SHORT).withLocale(language).withZone(ZoneOffset.UTC)
                .format(Instant.ofEpochSecond(Long.parseLong(expires))) + " UTC"));
        return pages.render(servlet, 200, "document", texts, values);
    }

    /** The page's preview, under the page's own signature; a generic picture when there is none. */
    @GET
    @Path("thumbnail/{id}")
    public Response thumbnail(@PathParam("id") String id, @QueryParam("expires") String expires,
            @QueryParam("signature") String signature) throws IOException {
        if (signer.check(LinkSigner.Purpose.PAGE, id, expires, signature) != LinkSigner.Verdict.VALID) {
            throw ApiError.forbidden("this link is not valid or has expired");
        }
        Item item = store.get(id);
        try {
            Thumbnails.Thumbnail thumbnail = thumbnails.render(store, item, THUMBNAIL_WIDTH);
            return Response.ok(thumbnail.png(), "image/png").header("Cache-Control", "private, max-age=300").build();
        } catch (Thumbnails.Refused e) {
            return Response.status(303).header("Location", servlet.getContextPath() + "/static/file.svg").build();
        }
    }

    static String size(long bytes, Locale language) {
        NumberFormat number = NumberFormat.getNumberInstance(language);
        number.setMaximumFractionDigits(1);
        String[] units = {"B", "KB", "MB", "GB", "TB"};
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return number.format(value) + " " + units[unit];
    }
}
