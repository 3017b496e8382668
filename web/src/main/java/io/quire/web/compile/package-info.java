/**
 * Compile requests: manifests and cache keys, instant answers from the result cache, joining
 * compiles in flight, queueing jobs, waiting for completion, serving output files.
 */
package io.quire.web.compile;
