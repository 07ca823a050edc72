/** The custom-action handlers docbridge ships: archive, copy, lock, unlock, notify. */
package org.docbridge.actions.builtin;
