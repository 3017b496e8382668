/**
 * Turns the transcripts of a compile (the TeX {@code .log}, the BibTeX or Biber {@code .blg}) into
 * errors and warnings that point at a project file and line; {@link
 * io.quire.compile.logs.LogParser} is the way in.
 */
package io.quire.compile.logs;
