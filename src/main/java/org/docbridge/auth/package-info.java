/**
 * Who is calling: the authentication modes, ApiKey ({@code apiKey} + {@code username} headers) and
 * OAuth2 bearer tokens (issued by {@link org.docbridge.oauth}), checked on every protocol call.
 */
package org.docbridge.auth;
