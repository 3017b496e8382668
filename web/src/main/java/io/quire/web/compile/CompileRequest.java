package io.quire.web.compile;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The body of {@code POST /api/projects/{id}/compile}; every field optional.
 *
 * @param compiler pdflatex, xelatex, lualatex or latex; default the project's
 * @param rootPath the root document; default the project's
 * @param priority {@code interactive} (default) or {@code background} (auto-compile, bulk)
 * @param waitForResult ({@code wait} on the wire) answer only when the compile finished (or the
 *     wait limit passed)
 */
public record CompileRequest(
    String compiler,
    String rootPath,
    Boolean draft,
    Boolean stopOnFirstError,
    Integer timeoutSeconds,
    String priority,
    @JsonProperty("wait") Boolean waitForResult) {

  static CompileRequest empty() {
    return new CompileRequest(null, null, null, null, null, null, null);
  }
}
