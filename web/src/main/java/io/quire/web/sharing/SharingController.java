package io.quire.web.sharing;

import io.quire.common.project.Access;
import io.quire.common.project.Collaborator;
import io.quire.common.project.Project;
import io.quire.web.account.QuireUser;
import io.quire.web.account.User;
import io.quire.web.account.UserStore;
import io.quire.web.project.ProjectAccess;
import io.quire.web.system.ApiException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** The sharing API of DESIGN §10: members, invitations, links, ownership, joining by link. */
@RestController
@Tag(name = "Sharing")
class SharingController {
  private final ProjectAccess access;
  private final SharingService sharing;
  private final Invitations invitations;
  private final UserStore users;

  SharingController(
      ProjectAccess access, SharingService sharing, Invitations invitations, UserStore users) {
    this.access = access;
    this.sharing = sharing;
    this.invitations = invitations;
    this.users = users;
  }

  record InviteRequest(@NotBlank @Email @Size(max = 254) String email, @NotNull Access access) {}

  record LinkSharingRequest(@NotNull Boolean enabled, Boolean regenerate) {}

  record TransferRequest(@NotBlank String userId) {}

  record JoinRequest(@NotBlank @Size(max = 200) String token) {}

  record AccessRequest(@NotNull Access access) {}

  record AcceptRequest(@NotBlank @Size(max = 200) String token) {}

  record Member(String userId, String email, String name, String access, boolean viaLink) {}

  /**
   * @param acceptable false when the link no longer works (expired, or made before invitations had
   *     links): invite again for a new link
   */
  record PendingInvite(
      String id,
      String email,
      String access,
      Instant created,
      Instant expiresAt,
      boolean acceptable) {}

  record Members(Member owner, List<Member> collaborators, List<PendingInvite> invites) {}

  record Links(
      boolean enabled, String readUrl, String writeUrl, String readToken, String writeToken) {}

  record Joined(String projectId, String access) {}

  /** Everyone with access can see who else has it; pending invitations only the owner. */
  @Operation(
      operationId = "listMembers",
      summary = "Who has access to a project",
      description =
          "Every member (read access) sees the owner and the members, with how each joined;"
              + " pending invitations (`invites`) only the owner.")
  @ApiResponse(
      responseCode = "200",
      description = "The owner, the members and, for the owner, the invitations")
  @GetMapping("/api/projects/{id}/collaborators")
  Members members(@AuthenticationPrincipal QuireUser user, @PathVariable String id) {
    Project project = access.require(id, user, Access.READ_ONLY);
    boolean owner = access.accessOf(project, user).orElseThrow() == Access.OWNER;
    List<Member> collaborators =
        project.collaborators().stream()
            .filter(c -> project.accessOf(c.userId()).isPresent())
            .map(this::member)
            .toList();
    List<PendingInvite> invites =
        owner
            ? invitations.of(project).stream().map(SharingController::pending).toList()
            : List.of();
    return new Members(
        member(new Collaborator(project.ownerId(), Access.OWNER)), collaborators, invites);
  }

  /**
   * Invites an address: always a pending invitation with a secret link, never a direct grant, so
   * the answer is the same whether the address has an account or not.
   */
  @Operation(
      operationId = "invite",
      summary = "Invite someone by e-mail address",
      description =
          "The owner. `{email, access}` with access readWrite or readOnly. Always a pending"
              + " invitation with a secret link, whether or not the address has an account; nobody"
              + " is added until the link is accepted. Quire sends no e-mail yet (`delivered:"
              + " false`): `link` and `token` are shown this once, for the owner to pass on."
              + " Inviting the same address again replaces the invitation and its link (ADR 0017).")
  @ApiResponse(responseCode = "201", description = "The invitation, with its link shown this once")
  @ApiResponse(
      responseCode = "400",
      description = "A bad address, or an access other than readWrite or readOnly.")
  @ApiResponse(responseCode = "403", description = "The caller is not the owner.")
  @PostMapping("/api/projects/{id}/collaborators")
  @ResponseStatus(HttpStatus.CREATED)
  Invitations.Invited invite(
      @AuthenticationPrincipal QuireUser user,
      @PathVariable String id,
      @Valid @RequestBody InviteRequest body) {
    Project project = access.require(id, user, Access.OWNER);
    return invitations.invite(project, body.email(), body.access(), user.id(), user.name());
  }

  /** Accepts an invitation by its secret; any signed-in user may (the link is the permission). */
  @Operation(
      operationId = "acceptInvitation",
      summary = "Accept an invitation",
      description =
          "Any signed-in user, whatever their address: the secret `token` from the link is the"
              + " permission. A link works once, until QUIRE_SHARING_INVITE_TTL (30 days).")
  @ApiResponse(responseCode = "200", description = "The project joined and the access granted")
  @ApiResponse(
      responseCode = "404",
      description = "Wrong token, or the invitation expired, was used or was withdrawn.")
  @PostMapping("/api/invites/{inviteId}/accept")
  Invitations.Accepted accept(
      @AuthenticationPrincipal QuireUser user,
      @PathVariable String inviteId,
      @Valid @RequestBody AcceptRequest body) {
    return invitations.accept(inviteId, body.token(), user.id());
  }

  /** The owner removes anyone; a member may remove only themself (leave the project). */
  @Operation(
      operationId = "removeMember",
      summary = "Remove a member, or leave a project",
      description =
          "The owner removes anyone but themself; any member may remove themself (leave).")
  @ApiResponse(responseCode = "204", description = "Removed")
  @ApiResponse(
      responseCode = "400",
      description = "The owner cannot be removed; transfer ownership first.")
  @ApiResponse(responseCode = "403", description = "Only the owner may remove someone else.")
  @ApiResponse(
      responseCode = "404",
      description = "No such project (or no access), or the user is no member of it.")
  @DeleteMapping("/api/projects/{id}/collaborators/{userId}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void remove(
      @AuthenticationPrincipal QuireUser user,
      @PathVariable String id,
      @PathVariable String userId) {
    Project project =
        access.require(
            id,
            user,
            userId.equals(user == null ? null : user.id()) ? Access.READ_ONLY : Access.OWNER);
    sharing.remove(project, userId);
  }

  /**
   * The owner gives a member other access ({@code readWrite} or {@code readOnly}); open editors of
   * that member hear of it at once, and a member made read-only can no longer edit.
   */
  @Operation(
      operationId = "changeMemberAccess",
      summary = "Change a member's access",
      description =
          "The owner. `{access}`: readWrite or readOnly; the member's open editors hear of it at"
              + " once, and a member made read-only can no longer edit.")
  @ApiResponse(responseCode = "200", description = "The member with the new access")
  @ApiResponse(
      responseCode = "400",
      description = "An access other than readWrite or readOnly, or the owner's own access.")
  @ApiResponse(responseCode = "403", description = "The caller is not the owner.")
  @ApiResponse(
      responseCode = "404",
      description = "No such project (or no access), or the user is no member of it.")
  @PatchMapping("/api/projects/{id}/collaborators/{userId}")
  Member changeAccess(
      @AuthenticationPrincipal QuireUser user,
      @PathVariable String id,
      @PathVariable String userId,
      @Valid @RequestBody AccessRequest body) {
    Project project = access.require(id, user, Access.OWNER);
    Access granted = sharing.changeAccess(project, userId, body.access());
    User member = users.findById(userId).orElse(null);
    return new Member(
        userId,
        member == null ? null : member.email(),
        member == null ? "(deleted account)" : member.name(),
        granted.wireName(),
        project.collaborators().stream().anyMatch(c -> c.userId().equals(userId) && c.viaLink()));
  }

  @Operation(
      operationId = "withdrawInvitation",
      summary = "Withdraw an invitation",
      description = "The owner; the link stops working at once.")
  @ApiResponse(responseCode = "204", description = "Withdrawn")
  @ApiResponse(responseCode = "403", description = "The caller is not the owner.")
  @ApiResponse(
      responseCode = "404",
      description = "No such project (or no access), or no such invitation.")
  @DeleteMapping("/api/projects/{id}/invites/{inviteId}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void cancelInvite(
      @AuthenticationPrincipal QuireUser user,
      @PathVariable String id,
      @PathVariable String inviteId) {
    Project project = access.require(id, user, Access.OWNER);
    if (!invitations.cancel(project, inviteId)) {
      throw ApiException.notFound("There is no such invitation.");
    }
  }

  @Operation(
      operationId = "getLinkSharing",
      summary = "The project's sharing links",
      description = "The owner. Whether link sharing is on, and then the read and write links.")
  @ApiResponse(responseCode = "200", description = "The links (null while link sharing is off)")
  @ApiResponse(responseCode = "403", description = "The caller is not the owner.")
  @GetMapping("/api/projects/{id}/link-sharing")
  Links links(@AuthenticationPrincipal QuireUser user, @PathVariable String id) {
    return links(access.require(id, user, Access.OWNER));
  }

  /** Turns link sharing on or off; {@code regenerate} replaces both links (old ones stop). */
  @Operation(
      operationId = "setLinkSharing",
      summary = "Turn link sharing on or off, or replace the links",
      description =
          "The owner. `{enabled, regenerate?}`; `regenerate` replaces both links, the old ones"
              + " stop working.")
  @ApiResponse(responseCode = "200", description = "The links as they are now")
  @ApiResponse(responseCode = "403", description = "The caller is not the owner.")
  @PostMapping("/api/projects/{id}/link-sharing")
  Links setLinkSharing(
      @AuthenticationPrincipal QuireUser user,
      @PathVariable String id,
      @Valid @RequestBody LinkSharingRequest body) {
    access.require(id, user, Access.OWNER);
    return links(
        sharing.setLinkSharing(id, body.enabled(), Boolean.TRUE.equals(body.regenerate())));
  }

  @Operation(
      operationId = "transferOwnership",
      summary = "Hand the project to another member",
      description =
          "The owner, to a member who joined by invitation (not by link); the former owner stays"
              + " a read-write member.")
  @ApiResponse(responseCode = "204", description = "Transferred")
  @ApiResponse(responseCode = "400", description = "The user is no invited member of the project.")
  @ApiResponse(responseCode = "403", description = "The caller is not the owner.")
  @PostMapping("/api/projects/{id}/transfer-ownership")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void transfer(
      @AuthenticationPrincipal QuireUser user,
      @PathVariable String id,
      @Valid @RequestBody TransferRequest body) {
    Project project = access.require(id, user, Access.OWNER);
    sharing.transferOwnership(project, body.userId());
  }

  /** Joins by a link token; needs only a signed-in user, the token is the permission. */
  @Operation(
      operationId = "joinByLink",
      summary = "Join a project by a sharing link's token",
      description =
          "Any signed-in user: the token is the permission (the read link grants read-only, the"
              + " write link read-write access).")
  @ApiResponse(responseCode = "200", description = "The project and the access granted")
  @ApiResponse(
      responseCode = "404",
      description = "No such project, or the link is not valid (turned off or replaced).")
  @PostMapping("/api/projects/{id}/join")
  Joined join(
      @AuthenticationPrincipal QuireUser user,
      @PathVariable String id,
      @Valid @RequestBody JoinRequest body) {
    return new Joined(id, sharing.join(id, body.token(), user.id()).wireName());
  }

  private Links links(Project project) {
    if (!project.linkSharingEnabled()) {
      return new Links(false, null, null, null, null);
    }
    String base =
        ServletUriComponentsBuilder.fromCurrentContextPath()
            .path("/join/" + project.id() + "/")
            .toUriString();
    return new Links(
        true,
        base + project.readToken(),
        base + project.writeToken(),
        project.readToken(),
        project.writeToken());
  }

  private static PendingInvite pending(InviteStore.Invite i) {
    return new PendingInvite(
        i.id(),
        i.email(),
        i.access().wireName(),
        i.created(),
        i.expires(),
        i.tokenHash() != null && !i.expiredAt(Instant.now()));
  }

  private Member member(Collaborator c) {
    User u = users.findById(c.userId()).orElse(null);
    return new Member(
        c.userId(),
        u == null ? null : u.email(),
        u == null ? "(deleted account)" : u.name(),
        c.access().wireName(),
        c.viaLink());
  }
}
