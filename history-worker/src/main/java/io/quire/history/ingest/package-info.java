/**
 * Turning the document update log and tree changes into project versions: the {@code
 * history.ingest} job handler, the snapshot of a project's current state, the per-file summary
 * between two snapshots, and the trimming of the update log once it is safely in versions.
 */
package io.quire.history.ingest;
