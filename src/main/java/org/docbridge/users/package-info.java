/**
 * The people who log in through docbridge's OAuth2 pages: a company directory (LDAP: OpenLDAP,
 * Active Directory) when one is configured, otherwise users kept in the state database with PBKDF2
 * password hashes (Jakarta Security's). Also the groups that feed the {@code @group} access rules,
 * and the administrators' endpoint behind the {@code docbridge-users} command.
 */
package org.docbridge.users;
