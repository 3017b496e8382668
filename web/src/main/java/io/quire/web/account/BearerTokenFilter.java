package io.quire.web.account;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates {@code Authorization: Bearer <personal access token>} for this request only (no
 * session). A bad token is a 401 right away rather than a silent anonymous request.
 */
public class BearerTokenFilter extends OncePerRequestFilter {
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

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    if (!hasBearer(request)) {
      chain.doFilter(request, response);
      return;
    }
    String secret = request.getHeader(HttpHeaders.AUTHORIZATION).substring(7).trim();
    var user =
        tokens
            .authenticate(secret)
            .flatMap(users::findById)
            .filter(u -> !u.disabled())
            .map(QuireUser::of);
    if (user.isEmpty()) {
      response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
      response.setContentType("application/problem+json");
      response
          .getWriter()
          .write(
              "{\"title\":\"Unauthorized\",\"status\":401,"
                  + "\"detail\":\"The access token is invalid, expired or revoked.\"}");
      return;
    }
    SecurityContext context = SecurityContextHolder.createEmptyContext();
    context.setAuthentication(
        UsernamePasswordAuthenticationToken.authenticated(
            user.get(), null, user.get().getAuthorities()));
    SecurityContextHolder.setContext(context);
    try {
      chain.doFilter(request, response);
    } finally {
      SecurityContextHolder.clearContext();
    }
  }
}
