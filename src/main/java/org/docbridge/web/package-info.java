/**
 * What every HTTP route shares: the error model ({@link org.docbridge.web.ApiError}, the one
 * {@link org.docbridge.web.ErrorMapper}, the JSON error page for failures outside JAX-RS) and the
 * request log.
 */
package org.docbridge.web;
