package io.quire.common.compile.rpc;

/**
 * A box of typeset material, as SyncTeX reports it. Positions are in PDF points (1/72 in) from the
 * top-left corner of the page.
 *
 * @param page 1-based page
 * @param h left edge of the box
 * @param v baseline of the box; the box extends upwards from here by {@code height}
 * @param width width of the box
 * @param height height of the box above its baseline
 */
public record PdfBox(int page, double h, double v, double width, double height) {}
