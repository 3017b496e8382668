package io.quire.common.compile.rpc;

/**
 * One finding of chktex.
 *
 * @param file project-relative path
 * @param line 1-based line
 * @param column 1-based column
 * @param length how many characters the finding covers
 * @param code chktex's warning number (see the chktex manual), e.g. 11 for "use \ldots"
 * @param kind {@code warning}, {@code error} or {@code message}
 * @param message chktex's explanation
 */
public record ChktexWarning(
    String file, int line, int column, int length, int code, String kind, String message) {}
