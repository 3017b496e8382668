/**
 * Project history shared by history-worker (which writes it) and web (which reads it): versions
 * with their snapshots and per-file summaries, labels, the log of tree changes, and the line diff
 * both sides use to count and show changed lines.
 */
package io.quire.common.history;
