package io.quire.web.account;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Ends the session of an account that was disabled or deleted since it signed in, or whose password
 * was changed in another session (the account's session epoch moved on): the session holds a copy
 * of the user, so without this check it would keep working until it expired.
 */
public class ActiveAccountFilter extends OncePerRequestFilter {
  private final UserStore users;

  public ActiveAccountFilter(UserStore users) {
    this.users = users;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
    if (authentication != null
        && authentication.getPrincipal() instanceof QuireUser user
        && !BearerTokenFilter.hasBearer(request)) {
      boolean active =
          users
              .findById(user.id())
              .filter(u -> !u.disabled() && u.sessionEpoch() == user.sessionEpoch())
              .isPresent();
      if (!active) {
        SecurityContextHolder.clearContext();
        var session = request.getSession(false);
        if (session != null) {
          session.invalidate();
        }
      }
    }
    chain.doFilter(request, response);
  }
}
