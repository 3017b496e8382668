package io.quire.web.system;

import io.quire.web.account.BearerTokenFilter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.Locale;
import java.util.Set;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses state-changing, cookie-authenticated requests whose {@code Origin} is not ours: a second
 * line behind the CSRF token. The request's own host counts as ours too, so Quire works at whatever
 * address a proxy forwards (the forwarded host is applied before this filter).
 */
class OriginCheckFilter extends OncePerRequestFilter {
  private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

  private final String publicOrigin;

  OriginCheckFilter(String publicUrl) {
    this.publicOrigin = origin(URI.create(publicUrl));
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String origin = request.getHeader("Origin");
    if (origin == null
        || SAFE_METHODS.contains(request.getMethod())
        || BearerTokenFilter.hasBearer(request)
        || isOurs(origin, request)) {
      chain.doFilter(request, response);
      return;
    }
    SecurityConfiguration.problem(
        response, 403, "Forbidden", "Cross-origin request refused (Origin " + origin + ").");
  }

  private boolean isOurs(String origin, HttpServletRequest request) {
    String normalised = origin.toLowerCase(Locale.ROOT);
    if (normalised.equals(publicOrigin)) {
      return true;
    }
    int port = request.getServerPort();
    String self =
        request.getScheme()
            + "://"
            + request.getServerName()
            + (port == 80 || port == 443 ? "" : ":" + port);
    return normalised.equals(self.toLowerCase(Locale.ROOT));
  }

  private static String origin(URI uri) {
    int port = uri.getPort();
    return (uri.getScheme() + "://" + uri.getHost() + (port < 0 ? "" : ":" + port))
        .toLowerCase(Locale.ROOT);
  }
}
