/**
 * Custom actions: what Workfront's "Document Actions" menu runs through /customAction. An action is
 * configured by name (MicroProfile Config) and served by an {@link org.docbridge.actions.ActionHandler},
 * an EJB found by its {@code @Named} name. Built-in handlers live in {@code builtin}.
 */
package org.docbridge.actions;
