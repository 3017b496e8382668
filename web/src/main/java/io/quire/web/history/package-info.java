/**
 * Project history in web: queueing debounced {@code history.ingest} jobs when documents or the tree
 * change, and the history API (versions, labels, diffs, restore, version download) over what
 * history-worker writes.
 */
package io.quire.web.history;
