package io.quire.git.push;

/**
 * What a push may bring.
 *
 * @param maxFileBytes largest file in any pushed commit
 * @param maxFiles most files in any pushed commit
 * @param maxDocBytes largest text file that becomes an editable document (larger: a binary file)
 * @param maxProjectBytes largest the project may grow to by the push (files and documents)
 */
public record PushLimits(long maxFileBytes, int maxFiles, long maxDocBytes, long maxProjectBytes) {}
