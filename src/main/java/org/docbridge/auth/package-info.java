/**
 * Who is calling: ApiKey authentication of Workfront's calls ({@code apiKey} + {@code username}
 * headers). OAuth2 and per-user permissions will live here too.
 */
package org.docbridge.auth;
