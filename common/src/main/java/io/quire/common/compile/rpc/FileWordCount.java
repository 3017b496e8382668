package io.quire.common.compile.rpc;

/**
 * The counts of one file on its own.
 *
 * @param file project-relative path
 */
public record FileWordCount(String file, WordCounts counts) {}
