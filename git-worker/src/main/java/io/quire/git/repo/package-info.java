/**
 * The bare repositories: where they live, the per-project lock, the commit ↔ project state mapping
 * and the snapshot commits that make {@code main} show the project's current state.
 */
package io.quire.git.repo;
