/**
 * Compile state shared by web and compile-worker through Redis: job states, results by cache key,
 * in-flight compiles, output files by build id, fencing of result writes.
 */
package io.quire.common.compile;
