/** Version zips built as {@code history.export} jobs into the export store, and their expiry. */
package io.quire.history.export;
