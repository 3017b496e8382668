package io.quire.compile.tools;

import io.quire.common.compile.rpc.PdfBox;
import io.quire.common.compile.rpc.SourcePosition;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads what {@code synctex view} and {@code synctex edit} print: records of {@code key:value}
 * lines between {@code SyncTeX result begin} and {@code SyncTeX result end}, each record starting
 * with {@code Output:}. Everything else (banner, warnings) is ignored, and so is a record that is
 * incomplete or malformed: the SyncTeX file comes from a sandboxed compile, so its content is the
 * document's to choose.
 */
final class SynctexOutput {
  private static final String BEGIN = "SyncTeX result begin";
  private static final String END = "SyncTeX result end";

  private SynctexOutput() {}

  /** The boxes of a {@code synctex view} answer, in SyncTeX's order, without duplicates. */
  static List<PdfBox> boxes(String output) {
    Set<PdfBox> boxes = new LinkedHashSet<>();
    for (Record record : records(output)) {
      Integer page = record.integer("Page");
      Double h = record.number("h");
      Double v = record.number("v");
      Double width = record.number("W");
      Double height = record.number("H");
      if (page != null && page >= 1 && h != null && v != null && width != null && height != null) {
        boxes.add(new PdfBox(page, h, v, width, height));
      }
    }
    return List.copyOf(boxes);
  }

  /**
   * The first place of a {@code synctex edit} answer that is a file of the project (not a class or
   * package of TeX Live).
   */
  static Optional<SourcePosition> firstProjectPosition(String output) {
    for (Record record : records(output)) {
      String file = SandboxPaths.projectRelative(record.text("Input"));
      Integer line = record.integer("Line");
      if (file == null || line == null || line < 1) {
        continue;
      }
      Integer column = record.integer("Column");
      return Optional.of(
          new SourcePosition(file, line, column != null && column >= 1 ? column : null));
    }
    return Optional.empty();
  }

  private static List<Record> records(String output) {
    List<Record> records = new ArrayList<>();
    boolean inResult = false;
    Record current = null;
    for (String raw : output.split("\n")) {
      String line = raw.strip();
      if (line.equals(BEGIN)) {
        inResult = true;
        continue;
      }
      if (line.equals(END)) {
        break;
      }
      int colon = line.indexOf(':');
      if (!inResult || colon <= 0) {
        continue;
      }
      String key = line.substring(0, colon);
      String value = line.substring(colon + 1);
      if (key.equals("Output") || current == null) {
        current = new Record(new ArrayList<>());
        records.add(current);
      }
      current.fields().add(new String[] {key, value});
    }
    return records;
  }

  /** One record's fields in order; the first value of a key counts. */
  private record Record(List<String[]> fields) {
    String text(String key) {
      for (String[] field : fields) {
        if (field[0].equals(key)) {
          return field[1];
        }
      }
      return null;
    }

    Integer integer(String key) {
      String value = text(key);
      try {
        return value == null ? null : Integer.valueOf(value.strip());
      } catch (NumberFormatException e) {
        return null;
      }
    }

    Double number(String key) {
      String value = text(key);
      try {
        double parsed = value == null ? Double.NaN : Double.parseDouble(value.strip());
        return Double.isFinite(parsed) ? parsed : null;
      } catch (NumberFormatException e) {
        return null;
      }
    }
  }
}
