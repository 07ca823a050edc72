package org.docbridge.preview;

/** Why a document gets no preview, in words a user can act on. */
public class PreviewRefused extends Exception {

    private final boolean lasting;

    PreviewRefused(String message, boolean lasting) {
        super(message, null, false, false);
        this.lasting = lasting;
    }

    /**
     * Whether the same file would be refused again with the same settings (a damaged file, a renderer
     * that ran out of memory), so the refusal may be remembered; false for what may pass next time.
     */
    public boolean lasting() {
        return lasting;
    }
}
