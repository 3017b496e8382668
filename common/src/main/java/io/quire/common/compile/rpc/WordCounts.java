package io.quire.common.compile.rpc;

/**
 * What texcount counts in a file (or in a file with everything it includes).
 *
 * @param textWords words in running text
 * @param headerWords words in section titles
 * @param captionWords words outside running text: captions, footnotes and the like
 * @param headers number of section titles
 * @param floats number of figures, tables and other floats
 * @param inlineMath number of inline formulas
 * @param displayedMath number of displayed formulas
 */
public record WordCounts(
    int textWords,
    int headerWords,
    int captionWords,
    int headers,
    int floats,
    int inlineMath,
    int displayedMath) {}
