package org.docbridge.protocol;

import jakarta.json.bind.annotation.JsonbPropertyOrder;

/**
 * The protocol's document object. {@code size} is a JSON number and is left out for folders;
 * {@code mimeType} likewise. {@link DocumentJsonWriter} writes it; the JSON-B annotation keeps the
 * same field order should a server prefer its own JSON-B provider.
 */
@JsonbPropertyOrder({"title", "kind", "id", "viewLink", "downloadLink", "mimeType", "dateModified", "size", "readOnly"})
public class DocumentJson {

    public String title;
    public String kind;
    public String id;
    public String viewLink;
    public String downloadLink;
    public String mimeType;
    public String dateModified;
    public Long size;
    public boolean readOnly;
}
