package io.quire.git.http;

import io.quire.common.account.TokenScope;
import io.quire.common.account.TokenVerifier;
import io.quire.common.git.GitRoute;
import io.quire.common.project.Access;
import io.quire.common.project.AccessPolicy;
import io.quire.common.project.Project;
import io.quire.common.project.ProjectStore;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * HTTP Basic for git: any user name, a personal access token as the password. First refuses any
 * request that is not in the canonical form JGit routes on ({@link GitRoute}: 400, 404 or 405), so
 * the project and the push/fetch decision below are taken on the very path JGit serves. Then
 * refuses account passwords (git clients store them in plain text), answers a wrong or revoked
 * token with 401 and a Basic challenge, a token without the {@code git} scope with 403, a project
 * the caller may not read with 404, and a push by a read-only member with 403. Plain-text bodies
 * are shown by git as {@code remote: ...}.
 */
final class GitAuthFilter extends OncePerRequestFilter {
  static final String REALM = "Basic realm=\"Quire\", charset=\"UTF-8\"";

  private final TokenVerifier tokens;
  private final ProjectStore projects;

  GitAuthFilter(TokenVerifier tokens, ProjectStore projects) {
    this.tokens = tokens;
    this.projects = projects;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    Optional<GitRoute> route = route(request, response);
    if (route.isEmpty()) {
      return;
    }
    String projectId = route.get().projectId();
    Optional<String> password = basicPassword(request);
    if (password.isEmpty()) {
      challenge(
          response,
          "Sign in with any user name and a personal access token as the password"
              + " (create one in Quire under Account settings > Access tokens).");
      return;
    }
    if (!TokenVerifier.looksLikeToken(password.get())) {
      challenge(
          response,
          "Account passwords are not accepted over git: use a personal access token as the"
              + " password (create one in Quire under Account settings > Access tokens).");
      return;
    }
    Optional<TokenVerifier.TokenUser> user = tokens.verify(password.get());
    if (user.isEmpty()) {
      challenge(response, "The access token is invalid, expired or revoked.");
      return;
    }
    if (!user.get().allows(TokenScope.GIT)) {
      refuse(
          response,
          403,
          "This access token is not for git: create one with the git scope"
              + " (Quire, Account settings > Access tokens).");
      return;
    }
    Optional<Project> project = projects.find(projectId);
    Optional<Access> access =
        project.flatMap(p -> AccessPolicy.accessOf(p, user.get().userId(), user.get().admin()));
    if (access.isEmpty()) {
      refuse(response, 404, "There is no project " + projectId + ", or you have no access to it.");
      return;
    }
    if (route.get().isPush() && !access.get().allows(Access.READ_WRITE)) {
      refuse(response, 403, GitServletFactories.READ_ONLY);
      return;
    }
    new GitRequest(
            projectId, user.get().userId(), user.get().name(), user.get().email(), access.get())
        .attachTo(request);
    chain.doFilter(request, response);
  }

  /**
   * The route of a request in canonical form, or empty after refusing it. The route is decided on
   * the raw request line; the container's decoded reading, which JGit routes on, must then be the
   * same text (it is for every canonical path; a container that reads it otherwise is refused
   * rather than trusted).
   */
  static Optional<GitRoute> route(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    String rawPath = request.getRequestURI().substring(request.getContextPath().length());
    GitRoute.Decision decision =
        GitRoute.decide(request.getMethod(), rawPath, request.getQueryString());
    if (!decision.accepted()) {
      if (decision.allow() != null) {
        response.setHeader("Allow", decision.allow());
      }
      refuse(response, decision.status(), decision.message());
      return Optional.empty();
    }
    GitRoute route = decision.route();
    String decoded = request.getServletPath() + Objects.toString(request.getPathInfo(), "");
    // only GETs carry the service parameter: reading parameters of a POST could consume its body
    boolean sameService =
        !route.advertisement()
            || (request.getParameterMap().size() == 1
                && Arrays.equals(
                    request.getParameterValues("service"),
                    new String[] {route.service().wireName()}));
    if (!decoded.equals(route.path()) || !sameService) {
      refuse(
          response, 400, "This git URL is not in its plain form: use the clone URL Quire shows.");
      return Optional.empty();
    }
    return Optional.of(route);
  }

  private static Optional<String> basicPassword(HttpServletRequest request) {
    String header = request.getHeader("Authorization");
    if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
      return Optional.empty();
    }
    String decoded;
    try {
      decoded =
          new String(
              Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    int colon = decoded.indexOf(':');
    return colon < 0 ? Optional.empty() : Optional.of(decoded.substring(colon + 1));
  }

  private static void challenge(HttpServletResponse response, String message) throws IOException {
    response.setHeader("WWW-Authenticate", REALM);
    refuse(response, 401, message);
  }

  private static void refuse(HttpServletResponse response, int status, String message)
      throws IOException {
    response.setStatus(status);
    response.setContentType("text/plain;charset=UTF-8");
    response.setHeader("Cache-Control", "no-cache, max-age=0, must-revalidate");
    response.getWriter().write(message + "\n");
  }
}
