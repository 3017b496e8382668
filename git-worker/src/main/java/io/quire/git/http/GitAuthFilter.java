package io.quire.git.http;

import io.quire.common.account.TokenVerifier;
import io.quire.common.project.Access;
import io.quire.common.project.AccessPolicy;
import io.quire.common.project.Project;
import io.quire.common.project.ProjectStore;
import io.quire.git.repo.GitRepositories;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * HTTP Basic for git: any user name, a personal access token as the password. Refuses account
 * passwords (git clients store them in plain text), answers a wrong or revoked token with 401 and a
 * Basic challenge, a project the caller may not read with 404, and a push by a read-only member
 * with 403. Plain-text bodies are shown by git as {@code remote: ...}.
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
    String projectId = projectId(request);
    if (projectId == null) {
      refuse(response, 404, "Use a clone URL of the form /git/<project id>.");
      return;
    }
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
    Optional<Project> project = projects.find(projectId);
    Optional<Access> access =
        project.flatMap(p -> AccessPolicy.accessOf(p, user.get().userId(), user.get().admin()));
    if (access.isEmpty()) {
      refuse(response, 404, "There is no project " + projectId + ", or you have no access to it.");
      return;
    }
    if (isPush(request) && !access.get().allows(Access.READ_WRITE)) {
      refuse(response, 403, "You have read-only access to this project: you cannot push to it.");
      return;
    }
    new GitRequest(
            projectId, user.get().userId(), user.get().name(), user.get().email(), access.get())
        .attachTo(request);
    chain.doFilter(request, response);
  }

  /** The project id of {@code /git/<id>[.git]/...}, or null when the path has none. */
  static String projectId(HttpServletRequest request) {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    if (!path.startsWith("/git/")) {
      return null;
    }
    String rest = path.substring("/git/".length());
    int slash = rest.indexOf('/');
    String name = slash < 0 ? rest : rest.substring(0, slash);
    if (name.endsWith(".git")) {
      name = name.substring(0, name.length() - 4);
    }
    return GitRepositories.isProjectId(name) ? name : null;
  }

  static boolean isPush(HttpServletRequest request) {
    String uri = request.getRequestURI();
    return uri.endsWith("/git-receive-pack")
        || (uri.endsWith("/info/refs")
            && "git-receive-pack".equals(request.getParameter("service")));
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
