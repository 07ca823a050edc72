package bench;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Application;
import jakarta.ws.rs.core.MediaType;

/**
 * The benchmark's baseline: the most trivial JAX-RS GET, returning a JSON object shaped like the
 * protocol's document object, on the same server as docbridge.
 */
@Path("doc")
public class BaselineResource {

    @ApplicationPath("api")
    public static class App extends Application {
    }

    @JsonbPropertyOrder({"title", "kind", "id", "viewLink", "downloadLink", "mimeType", "dateModified", "size", "readOnly"})
    public static class Doc {
        public String title = "report.pdf";
        public String kind = "file";
        public String id;
        public String viewLink = "http://127.0.0.1:8090/links/view/abcdefghijklmnop?expires=1795814460&signature=jRazfSzgelIAMYSwYdSCIbRyLmI5o8NTt_m-LoV0RxU";
        public String downloadLink = "http://127.0.0.1:8090/links/download/abcdefghijklmnop?expires=1795814460&signature=QNgNFp22JjwkVPVU-0AZsgyUNY0DbNv7bfzX0Fbf1K0";
        public String mimeType = "application/pdf";
        public String dateModified = "2024-03-01T09:15:30.123Z";
        public Long size = 123456L;
        public boolean readOnly = true;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Doc get(@QueryParam("id") String id) {
        Doc doc = new Doc();
        doc.id = id;
        return doc;
    }
}
