package io.quire.web.sharing;

import io.quire.common.project.Access;
import io.quire.common.project.Collaborator;
import io.quire.common.project.Project;
import io.quire.web.account.QuireUser;
import io.quire.web.account.User;
import io.quire.web.account.UserStore;
import io.quire.web.project.ProjectAccess;
import io.quire.web.system.ApiException;
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
  @PostMapping("/api/invites/{inviteId}/accept")
  Invitations.Accepted accept(
      @AuthenticationPrincipal QuireUser user,
      @PathVariable String inviteId,
      @Valid @RequestBody AcceptRequest body) {
    return invitations.accept(inviteId, body.token(), user.id());
  }

  /** The owner removes anyone; a member may remove only themself (leave the project). */
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

  @GetMapping("/api/projects/{id}/link-sharing")
  Links links(@AuthenticationPrincipal QuireUser user, @PathVariable String id) {
    return links(access.require(id, user, Access.OWNER));
  }

  /** Turns link sharing on or off; {@code regenerate} replaces both links (old ones stop). */
  @PostMapping("/api/projects/{id}/link-sharing")
  Links setLinkSharing(
      @AuthenticationPrincipal QuireUser user,
      @PathVariable String id,
      @Valid @RequestBody LinkSharingRequest body) {
    access.require(id, user, Access.OWNER);
    return links(
        sharing.setLinkSharing(id, body.enabled(), Boolean.TRUE.equals(body.regenerate())));
  }

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
