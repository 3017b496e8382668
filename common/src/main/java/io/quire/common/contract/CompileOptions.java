package io.quire.common.contract;

/**
 * What the user asked of a compile.
 *
 * @param compiler the engine
 * @param rootPath the root document, a {@code .tex} path of the project
 * @param draft draft mode (no images, faster)
 * @param stopOnFirstError halt on the first error instead of trying to produce a PDF
 * @param timeoutSeconds wall-clock limit of the whole compile
 */
public record CompileOptions(
    Compiler compiler,
    String rootPath,
    boolean draft,
    boolean stopOnFirstError,
    int timeoutSeconds) {
  public CompileOptions {
    Require.present(compiler, "compiler");
    Require.text(rootPath, "rootPath");
    if (timeoutSeconds <= 0) {
      throw new IllegalArgumentException("timeoutSeconds must be positive");
    }
  }
}
