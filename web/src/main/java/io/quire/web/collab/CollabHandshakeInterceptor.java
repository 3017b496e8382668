package io.quire.web.collab;

import io.quire.web.account.QuireUser;
import io.quire.web.account.TokenStore;
import io.quire.web.account.UserStore;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Lets a socket open only for a signed-in user: the session cookie or an {@code Authorization:
 * Bearer} token (both already resolved by the security filters), or {@code ?access_token=} for
 * clients that cannot set headers on a WebSocket handshake.
 */
@Component
class CollabHandshakeInterceptor implements HandshakeInterceptor {
  static final String USER = "quire.user";

  private final TokenStore tokens;
  private final UserStore users;

  CollabHandshakeInterceptor(TokenStore tokens, UserStore users) {
    this.tokens = tokens;
    this.users = users;
  }

  @Override
  public boolean beforeHandshake(
      ServerHttpRequest request,
      ServerHttpResponse response,
      WebSocketHandler handler,
      Map<String, Object> attributes) {
    Optional<QuireUser> user = signedIn().or(() -> byAccessToken(request));
    if (user.isEmpty() || user.get().disabled()) {
      response.setStatusCode(HttpStatus.UNAUTHORIZED);
      return false;
    }
    attributes.put(USER, user.get());
    return true;
  }

  private static Optional<QuireUser> signedIn() {
    Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
    return authentication != null && authentication.getPrincipal() instanceof QuireUser user
        ? Optional.of(user)
        : Optional.empty();
  }

  private Optional<QuireUser> byAccessToken(ServerHttpRequest request) {
    String token =
        UriComponentsBuilder.fromUri(request.getURI())
            .build()
            .getQueryParams()
            .getFirst("access_token");
    if (token == null || token.isBlank()) {
      return Optional.empty();
    }
    return tokens
        .authenticate(token)
        .flatMap(users::findById)
        .map(
            u ->
                new QuireUser(
                    u.id(), u.email(), u.name(), u.role(), u.passwordHash(), u.disabled()));
  }

  @Override
  public void afterHandshake(
      ServerHttpRequest request,
      ServerHttpResponse response,
      WebSocketHandler handler,
      Exception exception) {}
}
