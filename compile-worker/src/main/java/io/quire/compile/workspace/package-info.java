/**
 * Per-project workspaces on a worker: synchronised incrementally by content hash, with the files
 * that make reruns warm kept, saved and restored.
 */
package io.quire.compile.workspace;
