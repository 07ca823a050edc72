/**
 * Custom-action handlers that are not part of docbridge: the tests pack them into a jar of their own
 * in WEB-INF/lib, as a company adds its actions, and prove that docbridge finds and runs them.
 */
package org.docbridge.it.handlers;
