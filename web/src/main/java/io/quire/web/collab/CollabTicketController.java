package io.quire.web.collab;

import io.quire.common.project.Access;
import io.quire.web.account.AccessTokenAuthentication;
import io.quire.web.account.QuireUser;
import io.quire.web.project.ProjectAccess;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Hands out one-time tickets for opening a collaboration socket, for clients that cannot send
 * credentials on a WebSocket handshake: a signed-in browser or a token with the {@code api} scope
 * asks, then opens {@code /ws/collab?ticket=...} within the ticket's lifetime.
 */
@RestController
@Tag(name = "Collaboration")
class CollabTicketController {
  private final CollabTickets tickets;
  private final ProjectAccess access;

  CollabTicketController(CollabTickets tickets, ProjectAccess access) {
    this.tickets = tickets;
    this.access = access;
  }

  record TicketRequest(@NotBlank @Size(max = 100) String projectId) {}

  /**
   * @param expiresInSeconds how long the ticket can be used; it works once
   */
  record IssuedTicket(String ticket, String projectId, long expiresInSeconds) {}

  @Operation(
      operationId = "issueCollabTicket",
      summary = "A one-time ticket to open the collaboration socket",
      description =
          "Read access to `projectId`; a signed-in browser or a token with the api scope. Open"
              + " `/ws/collab?ticket=...` within `expiresInSeconds`; the ticket works once.")
  @ApiResponse(responseCode = "201", description = "The ticket and how long it can be used")
  @ApiResponse(
      responseCode = "404",
      description = "No such project, or the caller has no access to it.")
  @PostMapping("/api/collab/tickets")
  @ResponseStatus(HttpStatus.CREATED)
  IssuedTicket issue(
      @AuthenticationPrincipal QuireUser user,
      @Valid @RequestBody TicketRequest body,
      HttpServletRequest request) {
    access.require(body.projectId(), user, Access.READ_ONLY);
    boolean byToken =
        SecurityContextHolder.getContext().getAuthentication() instanceof AccessTokenAuthentication;
    var session = byToken ? null : request.getSession(false);
    String ticket =
        tickets.issue(user.id(), body.projectId(), session == null ? null : session.getId());
    return new IssuedTicket(ticket, body.projectId(), tickets.ttl().toSeconds());
  }
}
