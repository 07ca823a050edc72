/**
 * The upgrade from the versions before the database: {@link org.docbridge.state.upgrade.JournalImport}
 * replays their journal files ({@code catalogue.log}, {@code uploads.log}, {@code locks.log}) exactly as
 * they did at start, writes the outcome into the shared-state tables in one transaction, once, and keeps
 * the files, renamed, as a backup. Self-contained: it reads the files itself ({@code JournalLines}) and
 * depends on no code of the old journals, which are gone from this version.
 */
package org.docbridge.state.upgrade;
