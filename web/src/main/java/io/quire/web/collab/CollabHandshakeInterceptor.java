package io.quire.web.collab;

import io.quire.web.account.AccessTokenAuthentication;
import io.quire.web.account.QuireUser;
import io.quire.web.account.UserStore;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Lets a socket open only for a signed-in user: the session cookie or an {@code Authorization:
 * Bearer} token with the {@code api} scope (both already resolved by the security filters), or a
 * one-time {@code ?ticket=} from {@code POST /api/collab/tickets} for clients that cannot send
 * either on a handshake. A ticket opens a socket only for its own user, and only for its project.
 * Access tokens in the URL never get here: the security filters refuse them.
 */
@Component
class CollabHandshakeInterceptor implements HandshakeInterceptor {
  private static final Logger LOG = LoggerFactory.getLogger(CollabHandshakeInterceptor.class);
  static final String USER = "quire.user";
  static final String PROJECT = "quire.ticketProject";
  static final String SESSION = "quire.httpSession";

  private final CollabTickets tickets;
  private final UserStore users;

  CollabHandshakeInterceptor(CollabTickets tickets, UserStore users) {
    this.tickets = tickets;
    this.users = users;
  }

  @Override
  public boolean beforeHandshake(
      ServerHttpRequest request,
      ServerHttpResponse response,
      WebSocketHandler handler,
      Map<String, Object> attributes) {
    Optional<QuireUser> signedIn = signedIn();
    String ticket =
        UriComponentsBuilder.fromUri(request.getURI()).build().getQueryParams().getFirst("ticket");
    if (ticket == null) {
      if (signedIn.isEmpty() || signedIn.get().disabled()) {
        return refuse(
            response, HttpStatus.UNAUTHORIZED, "Sign in, or open the socket with a ticket.");
      }
      attributes.put(USER, signedIn.get());
      httpSessionId(request).ifPresent(id -> attributes.put(SESSION, id));
      return true;
    }
    Optional<CollabTickets.Ticket> redeemed = tickets.redeem(ticket);
    if (redeemed.isEmpty()) {
      return refuse(
          response,
          HttpStatus.UNAUTHORIZED,
          "This ticket is unknown, used or expired: ask for a new one.");
    }
    CollabTickets.Ticket granted = redeemed.get();
    if (signedIn.isPresent() && !signedIn.get().id().equals(granted.userId())) {
      return refuse(response, HttpStatus.FORBIDDEN, "This ticket belongs to someone else.");
    }
    Optional<QuireUser> owner =
        users.findById(granted.userId()).filter(u -> !u.disabled()).map(QuireUser::of);
    if (owner.isEmpty()) {
      return refuse(response, HttpStatus.UNAUTHORIZED, "The ticket's account is disabled or gone.");
    }
    attributes.put(USER, owner.get());
    attributes.put(PROJECT, granted.projectId());
    if (granted.sessionId() != null) {
      attributes.put(SESSION, granted.sessionId());
    }
    return true;
  }

  private static Optional<QuireUser> signedIn() {
    Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
    return authentication != null && authentication.getPrincipal() instanceof QuireUser user
        ? Optional.of(user)
        : Optional.empty();
  }

  /** The HTTP session a cookie-authenticated socket belongs to (none for a token). */
  private static Optional<String> httpSessionId(ServerHttpRequest request) {
    if (SecurityContextHolder.getContext().getAuthentication() instanceof AccessTokenAuthentication
        || !(request instanceof ServletServerHttpRequest servlet)) {
      return Optional.empty();
    }
    var session = servlet.getServletRequest().getSession(false);
    return session == null ? Optional.empty() : Optional.of(session.getId());
  }

  private static boolean refuse(ServerHttpResponse response, HttpStatus status, String detail) {
    response.setStatusCode(status);
    response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
    try {
      response
          .getBody()
          .write(
              ("{\"title\":\""
                      + status.getReasonPhrase()
                      + "\",\"status\":"
                      + status.value()
                      + ",\"detail\":\""
                      + detail
                      + "\"}")
                  .getBytes(StandardCharsets.UTF_8));
    } catch (java.io.IOException e) {
      // the status alone still refuses the handshake
      LOG.debug("Could not write the refusal of a collaboration handshake: {}", e.toString());
    }
    return false;
  }

  @Override
  public void afterHandshake(
      ServerHttpRequest request,
      ServerHttpResponse response,
      WebSocketHandler handler,
      Exception exception) {}
}
