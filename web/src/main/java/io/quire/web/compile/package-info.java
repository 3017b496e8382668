/**
 * Compile requests: manifests and cache keys, instant answers from the result cache, joining
 * compiles in flight, queueing jobs, waiting for completion, serving output files; SyncTeX, word
 * counts and chktex checks asked of compile-worker by request/reply.
 */
package io.quire.web.compile;
