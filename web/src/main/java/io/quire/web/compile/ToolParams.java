package io.quire.web.compile;

import io.quire.common.compile.CompileJobState;
import io.quire.common.compile.CompileStore;
import io.quire.common.contract.CompileResult;
import io.quire.common.project.Entity;
import io.quire.common.project.Project;
import io.quire.common.project.ProjectPaths;
import io.quire.web.system.ApiException;

/**
 * Query parameters of the SyncTeX, word count and chktex endpoints, checked with messages a person
 * can act on (Spring's own conversion errors name Java types).
 */
final class ToolParams {
  private ToolParams() {}

  static String required(String name, String value) {
    if (value == null || value.isBlank()) {
      throw ApiException.badRequest("The query parameter '" + name + "' is required.");
    }
    return value.strip();
  }

  /** A whole number of at least {@code min}; {@code fallback} when absent (null: required). */
  static int integer(String name, String value, int min, Integer fallback) {
    if ((value == null || value.isBlank()) && fallback != null) {
      return fallback;
    }
    String text = required(name, value);
    int parsed;
    try {
      parsed = Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw ApiException.badRequest(name + " must be a whole number, not '" + text + "'.");
    }
    if (parsed < min) {
      throw ApiException.badRequest(name + " must be at least " + min + ", not " + parsed + ".");
    }
    return parsed;
  }

  /** A finite number of at least 0 (a PDF coordinate). */
  static double coordinate(String name, String value) {
    String text = required(name, value);
    double parsed;
    try {
      parsed = Double.parseDouble(text);
    } catch (NumberFormatException e) {
      throw ApiException.badRequest(name + " must be a number, not '" + text + "'.");
    }
    if (!Double.isFinite(parsed) || parsed < 0) {
      throw ApiException.badRequest(
          name + " must be a position on the page, in points from its top-left corner.");
    }
    return parsed;
  }

  /**
   * A file (not a folder) of the project; {@code fallback} (e.g. the root document) when absent.
   */
  static String projectFile(Project project, String name, String value, String fallback) {
    String path = value == null || value.isBlank() ? fallback : value.strip();
    if (path == null || path.isBlank()) {
      throw ApiException.badRequest(
          "The query parameter '" + name + "' is required (the project has no root document).");
    }
    if (path.startsWith("/")) {
      path = path.substring(1);
    }
    if (!ProjectPaths.isSafe(path)) {
      throw ApiException.badRequest(
          name + " must be a path inside the project, not '" + path + "'.");
    }
    String checked = path;
    project
        .entity(checked)
        .filter(e -> !e.isFolder())
        .map(Entity::path)
        .orElseThrow(
            () -> ApiException.notFound("There is no file " + checked + " in this project."));
    return checked;
  }

  /**
   * The build to search: the one named, else the latest build of the user's compiles of the
   * project. Builds expire with the compile cache, after which the user has to compile again.
   */
  static String build(CompileStore store, String projectId, String userId, String buildId) {
    String build = buildId == null || buildId.isBlank() ? null : buildId.strip();
    if (build == null) {
      build =
          store
              .latest(projectId, userId)
              .flatMap(store::state)
              .map(CompileJobState::result)
              .map(CompileResult::buildId)
              .orElseThrow(
                  () ->
                      ApiException.notFound(
                          "There is no build of this project to search; compile it first."));
    }
    if (!build.matches("[A-Za-z0-9_-]{1,64}") || !store.hasOutputs(projectId, build)) {
      throw ApiException.notFound(
          "Build " + build + " does not exist (any more) in this project; compile again.");
    }
    return build;
  }
}
