package org.docbridge.protocol;

import jakarta.ws.rs.core.UriInfo;
import java.util.function.Supplier;
import org.docbridge.access.Access;
import org.docbridge.access.Level;
import org.docbridge.store.Item;
import org.docbridge.store.ItemNames;
import org.docbridge.store.StoreException;
import org.docbridge.web.ApiError;
import org.docbridge.web.Audit;

/** What the write endpoints share: names checked, new items' document objects, the audit line. */
final class WriteSupport {

    private WriteSupport() {
    }

    static String name(String parameter, String value) {
        return ItemNames.check(Params.required(parameter, value));
    }

    /** A new item's document object, with the acting user's real level on it (a rule may make it read-only). */
    static DocumentJson created(Access access, DocumentViews views, UriInfo uri, String user, Item item) {
        boolean readOnly = access.level(user, item.id()) != Level.WRITE;
        return views.view(item, views.linkBase(uri), readOnly);
    }

    /** Runs a write and logs its audit line, whatever the outcome. */
    static <T> T audited(Audit audit, Supplier<T> write) {
        try {
            T result = write.get();
            audit.ok();
            return result;
        } catch (ApiError e) {
            audit.failed(e.userMessage());
            throw e;
        } catch (RuntimeException e) {
            audit.failed(e instanceof StoreException ? e.getMessage() : e.getClass().getSimpleName());
            throw e;
        }
    }
}
