package io.quire.web.account;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.UrlPathHelper;

/**
 * Ends the session of an account that was disabled or deleted since it signed in, or whose password
 * was changed in another session (the account's session epoch moved on): the session holds a copy
 * of the user, so without this check it would keep working until it expired.
 */
public class ActiveAccountFilter extends OncePerRequestFilter {
  private final UserStore users;
  private final boolean verificationRequired;

  /**
   * @param verificationRequired whether an account whose address is not verified yet is kept from
   *     everything but its own account (ADR 0025)
   */
  public ActiveAccountFilter(UserStore users, boolean verificationRequired) {
    this.users = users;
    this.verificationRequired = verificationRequired;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
    if (authentication != null
        && authentication.getPrincipal() instanceof QuireUser user
        && !BearerTokenFilter.hasBearer(request)) {
      Optional<User> active =
          users
              .findById(user.id())
              .filter(u -> !u.disabled() && u.sessionEpoch() == user.sessionEpoch());
      if (active.isEmpty()) {
        SecurityContextHolder.clearContext();
        var session = request.getSession(false);
        if (session != null) {
          session.invalidate();
        }
      } else if (verificationRequired
          && !active.get().emailVerified()
          && !allowedUnverified(request)) {
        response.setStatus(HttpServletResponse.SC_FORBIDDEN);
        response.setContentType("application/problem+json");
        response
            .getWriter()
            .write(
                "{\"title\":\"Address not verified\",\"status\":403,\"detail\":\"Open the link"
                    + " in the message sent to your address first (POST"
                    + " /api/me/verification-email sends it again).\",\"emailVerified\":false}");
        return;
      }
    }
    chain.doFilter(request, response);
  }

  /**
   * What an account with an unverified address may do: its own account and sign-in matters, and the
   * pages; nothing with projects, tokens or sockets.
   */
  private static boolean allowedUnverified(HttpServletRequest request) {
    // the decoded path, as the router sees it: /%61pi/projects is /api/projects
    String path = UrlPathHelper.defaultInstance.getPathWithinApplication(request);
    if (path.startsWith("/api/auth/")) {
      return true;
    }
    return switch (path) {
      case "/api/me" -> "GET".equals(request.getMethod());
      case "/api/me/verification-email", "/api/me/password" -> true;
      default -> !path.startsWith("/api/") && !path.startsWith("/ws/") && !path.startsWith("/git/");
    };
  }
}
