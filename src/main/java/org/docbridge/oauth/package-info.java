/**
 * OAuth2 mode (authorization code with refresh, contract §2): the clients Workfront is registered as,
 * the login and consent pages under {@code /oauth/authorize}, the token endpoint
 * {@code /oauth/token}, and the codes and tokens, kept hashed in the state database so that every node
 * accepts them. The pages are HTML for people, in the visitor's language; the protocol's endpoints
 * accept the tokens through {@link org.docbridge.auth.ApiKeyFilter}.
 */
package org.docbridge.oauth;
