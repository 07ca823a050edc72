/**
 * What every HTTP route shares: the error model ({@link org.docbridge.web.ApiError}, the one
 * {@link org.docbridge.web.ErrorMapper}, the JSON error page for failures outside JAX-RS), the
 * request log and the audit log (with its file), which show values from outside one way
 * ({@link org.docbridge.web.LogValues}).
 */
package org.docbridge.web;
