package io.quire.web.account;

import io.quire.common.account.TokenScope;
import io.quire.common.account.TokenVerifier.StoredToken;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates {@code Authorization: Bearer <personal access token>} for this request only (no
 * session), within the token's scopes: a bad token is a 401 right away rather than a silent
 * anonymous request, and a token whose scopes do not cover the request is a 403. A token is never
 * taken from the URL, where it would end up in logs, proxies and browser history: a request naming
 * {@code access_token} or {@code token} in its query is refused with 400. The git bridge is left to
 * git-worker, which checks its own credentials (HTTP Basic, the {@code git} scope).
 */
public class BearerTokenFilter extends OncePerRequestFilter {
  private static final String[] URL_TOKEN_PARAMETERS = {"access_token", "token"};

  private final TokenStore tokens;
  private final UserStore users;

  public BearerTokenFilter(TokenStore tokens, UserStore users) {
    this.tokens = tokens;
    this.users = users;
  }

  /** Whether a request carries a bearer token (and so needs no CSRF token). */
  public static boolean hasBearer(HttpServletRequest request) {
    String header = request.getHeader(HttpHeaders.AUTHORIZATION);
    return header != null && header.regionMatches(true, 0, "Bearer ", 0, 7);
  }

  /**
   * The scope a token needs for a request: {@code admin} for the admin endpoints, {@code api} for
   * the collaboration socket (it edits documents) and for anything that is not a read, {@code
   * api:read} for {@code GET} and {@code HEAD}.
   */
  static TokenScope requiredScope(HttpServletRequest request) {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    if (path.startsWith("/api/admin/")
        || path.equals("/api/admin")
        || path.startsWith("/actuator")) {
      return TokenScope.ADMIN;
    }
    if (path.startsWith("/ws/")) {
      return TokenScope.API;
    }
    String method = request.getMethod();
    return "GET".equals(method) || "HEAD".equals(method) ? TokenScope.API_READ : TokenScope.API;
  }

  private static boolean isGitRequest(HttpServletRequest request) {
    return request.getRequestURI().startsWith(request.getContextPath() + "/git/");
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    if (isGitRequest(request)) {
      chain.doFilter(request, response);
      return;
    }
    if (hasTokenInUrl(request)) {
      problem(
          response,
          400,
          "Invalid request",
          "Access tokens are never accepted in a URL: send them in the header"
              + " 'Authorization: Bearer <token>'. A collaboration socket that cannot send headers"
              + " opens with a one-time ticket from POST /api/collab/tickets.");
      return;
    }
    if (!hasBearer(request)) {
      chain.doFilter(request, response);
      return;
    }
    String secret = request.getHeader(HttpHeaders.AUTHORIZATION).substring(7).trim();
    Optional<StoredToken> token = tokens.authenticate(secret);
    Optional<QuireUser> user =
        token
            .flatMap(t -> users.findById(t.userId()))
            .filter(u -> !u.disabled())
            .map(QuireUser::of);
    if (user.isEmpty()) {
      problem(response, 401, "Unauthorized", "The access token is invalid, expired or revoked.");
      return;
    }
    TokenScope needed = requiredScope(request);
    if (!token.get().allows(needed)) {
      problem(
          response,
          403,
          "Forbidden",
          "This access token's scopes ("
              + String.join(", ", TokenScope.wireNames(token.get().scopes()))
              + ") do not allow this request: it needs the "
              + needed.wireName()
              + " scope.");
      return;
    }
    SecurityContext context = SecurityContextHolder.createEmptyContext();
    context.setAuthentication(new AccessTokenAuthentication(user.get(), token.get()));
    SecurityContextHolder.setContext(context);
    try {
      chain.doFilter(request, response);
    } finally {
      SecurityContextHolder.clearContext();
    }
  }

  private static boolean hasTokenInUrl(HttpServletRequest request) {
    String query = request.getQueryString();
    if (query == null) {
      return false;
    }
    for (String pair : query.split("&")) {
      String name = pair.split("=", 2)[0];
      String decoded;
      try {
        decoded = java.net.URLDecoder.decode(name, java.nio.charset.StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        decoded = name;
      }
      for (String forbidden : URL_TOKEN_PARAMETERS) {
        if (forbidden.equalsIgnoreCase(decoded.trim())) {
          return true;
        }
      }
    }
    return false;
  }

  private static void problem(HttpServletResponse response, int status, String title, String detail)
      throws IOException {
    response.setStatus(status);
    response.setContentType("application/problem+json");
    response.setCharacterEncoding("UTF-8");
    response
        .getWriter()
        .write(
            "{\"title\":\""
                + title
                + "\",\"status\":"
                + status
                + ",\"detail\":\""
                + detail.replace("\\", "\\\\").replace("\"", "'")
                + "\"}");
  }
}
