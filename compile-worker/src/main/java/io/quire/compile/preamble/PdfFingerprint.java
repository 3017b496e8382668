package io.quire.compile.preamble;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The structure of an uncompressed PDF ({@code \pdfobjcompresslevel=0}, {@code
 * \pdfcompresslevel=0}) written by pdfTeX: how many objects are in use, and how often each name
 * appears outside streams. Two probe PDFs of an empty page, one from the plain preamble and one
 * from its format, must agree: what a preamble writes straight into the PDF ({@code
 * \immediate\pdfobj}, {@code \pdfcatalog}, {@code \pdfinfo}) is not part of a format, and shows up
 * here as a missing object or key.
 *
 * @param objects objects marked in use in the cross-reference table
 * @param names each name ({@code /Type}, {@code /Font}...) outside streams, with its count; the
 *     digits that end resource names ({@code /F33}, {@code /Im2}) are replaced by {@code #}, as a
 *     format numbers its fonts differently (mylatexformat preloads some)
 */
public record PdfFingerprint(int objects, Map<String, Integer> names) {
  private static final Pattern STREAM = Pattern.compile("(?s)stream\\r?\\n.*?endstream");
  private static final Pattern NAME = Pattern.compile("/[A-Za-z0-9]+");
  private static final Pattern NUMBERED = Pattern.compile("(?<=[A-Za-z])[0-9]+$");
  private static final Pattern XREF =
      Pattern.compile("xref\\s+(\\d+)\\s+(\\d+)\\s*\\n((?:\\d{10} \\d{5} [nf]\\s*\\n?)+)");
  private static final Pattern ENTRY = Pattern.compile("\\d{10} \\d{5} ([nf])");

  public PdfFingerprint {
    names = java.util.Collections.unmodifiableMap(new TreeMap<>(names));
  }

  /** Reads a pdfTeX PDF with a classic cross-reference table; empty when it has none. */
  public static Optional<PdfFingerprint> of(byte[] pdf) {
    // ISO-8859-1: one char per byte, so binary content cannot break the patterns
    String text = new String(pdf, StandardCharsets.ISO_8859_1);
    int startxref = text.lastIndexOf("startxref");
    if (startxref < 0) {
      return Optional.empty();
    }
    Matcher xref = XREF.matcher(text);
    if (!xref.find(text.lastIndexOf("xref", startxref - 1))) {
      return Optional.empty();
    }
    int objects = 0;
    Matcher entry = ENTRY.matcher(xref.group(3));
    while (entry.find()) {
      if (entry.group(1).equals("n")) {
        objects++;
      }
    }
    Map<String, Integer> names = new TreeMap<>();
    Matcher name = NAME.matcher(STREAM.matcher(text).replaceAll(""));
    while (name.find()) {
      names.merge(NUMBERED.matcher(name.group()).replaceAll("#"), 1, Integer::sum);
    }
    return Optional.of(new PdfFingerprint(objects, names));
  }
}
