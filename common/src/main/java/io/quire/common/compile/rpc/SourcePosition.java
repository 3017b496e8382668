package io.quire.common.compile.rpc;

/**
 * The answer to {@link SynctexInverseRequest}.
 *
 * @param file project-relative path of the source file
 * @param line 1-based line
 * @param column 1-based column, or null when the engine did not record one (pdfTeX never does)
 */
public record SourcePosition(String file, int line, Integer column) implements ToolReply {
  public SourcePosition {
    Checks.projectPath(file, "file");
    Checks.atLeast(line, 1, "line");
  }
}
