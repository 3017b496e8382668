package io.quire.git.http;

import io.quire.common.project.Access;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Who is calling and on which project, as {@link GitAuthFilter} established it.
 *
 * @param access what the user may do with the project
 */
public record GitRequest(
    String projectId, String userId, String name, String email, Access access) {
  private static final String ATTRIBUTE = GitRequest.class.getName();

  void attachTo(HttpServletRequest request) {
    request.setAttribute(ATTRIBUTE, this);
  }

  /** The caller of an authenticated request; fails for a request the filter did not pass. */
  public static GitRequest of(HttpServletRequest request) {
    Object value = request.getAttribute(ATTRIBUTE);
    if (value instanceof GitRequest git) {
      return git;
    }
    throw new IllegalStateException("git request without authentication");
  }
}
