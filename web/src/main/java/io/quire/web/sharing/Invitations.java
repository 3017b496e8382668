package io.quire.web.sharing;

import io.quire.common.blob.Hashes;
import io.quire.common.project.Access;
import io.quire.common.project.Collaborator;
import io.quire.common.project.Project;
import io.quire.common.project.ProjectStore;
import io.quire.common.project.ProjectStore.Sharing;
import io.quire.web.account.UserStore;
import io.quire.web.system.ApiException;
import io.quire.web.system.WebProperties;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;

/**
 * Invitations by e-mail (ADR 0017). An invitation is a secret link: whoever signs in and opens it
 * joins with the invitation's access, once. The address only says whom the owner meant; it grants
 * nothing, so registering an invited address gives no access, and the answer to an invitation is
 * the same whether or not the address has an account.
 */
@Service
class Invitations {
  private static final Logger LOG = LoggerFactory.getLogger(Invitations.class);

  /** 32 random bytes: 256 bits, far above the 128 a guessable link must not fall below. */
  private static final int SECRET_BYTES = 32;

  private final InviteStore invites;
  private final ProjectStore projects;
  private final SharingProperties properties;
  private final WebProperties web;
  private final ObjectProvider<InvitationSender> senders;
  private final SecureRandom random = new SecureRandom();

  Invitations(
      InviteStore invites,
      ProjectStore projects,
      SharingProperties properties,
      WebProperties web,
      ObjectProvider<InvitationSender> senders) {
    this.invites = invites;
    this.projects = projects;
    this.properties = properties;
    this.web = web;
    this.senders = senders;
  }

  /**
   * A new invitation. {@code link} and {@code token} are set only when no e-mail sender delivered
   * the link: then the inviter sees them this once, to pass on; they are never shown again.
   */
  record Invited(
      String status,
      String inviteId,
      String email,
      String access,
      Instant expiresAt,
      boolean delivered,
      String link,
      String token) {}

  /** What accepting an invitation gave. */
  record Accepted(String projectId, String access) {}

  Invited invite(Project project, String email, Access access, String inviterId, String inviter) {
    if (access == Access.OWNER) {
      throw ApiException.badRequest("access: use readWrite or readOnly (or transfer ownership).");
    }
    String address = UserStore.normaliseEmail(email);
    String secret = newSecret();
    Instant now = Instant.now();
    InviteStore.Invite invite =
        invites.put(
            project.id(),
            address,
            access,
            inviterId,
            Hashes.sha256(secret),
            now,
            now.plus(properties.inviteTtl()));
    String link = link(invite.id(), secret);
    boolean delivered = deliver(address, project, inviter, link);
    LOG.info(
        "Invitation {} to project {} by {} ({})",
        invite.id(),
        project.id(),
        inviterId,
        delivered ? "sent by e-mail" : "link shown to the inviter");
    return new Invited(
        "invited",
        invite.id(),
        address,
        access.wireName(),
        invite.expires(),
        delivered,
        delivered ? null : link,
        delivered ? null : secret);
  }

  /**
   * Joins the user to the invitation's project. Any account may accept: the secret is the
   * permission, as with a sharing link. Unknown, wrong, expired, replaced, revoked and used
   * invitations all get the same answer.
   */
  Accepted accept(String inviteId, String secret, String userId) {
    InviteStore.Invite invite =
        invites
            .find(inviteId)
            .filter(i -> i.tokenHash() != null && matches(secret, i.tokenHash()))
            .filter(i -> !i.expiredAt(Instant.now()))
            .orElseThrow(Invitations::invalid);
    if (!invites.take(invite)) {
      throw invalid();
    }
    Project after =
        projects
            .updateSharing(invite.projectId(), sharing -> joined(sharing, userId, invite.access()))
            .orElseThrow(Invitations::invalid);
    LOG.info("Invitation {} to project {} accepted by user {}", invite.id(), after.id(), userId);
    return new Accepted(after.id(), after.accessOf(userId).orElseThrow().wireName());
  }

  List<InviteStore.Invite> of(Project project) {
    return invites.forProject(project.id());
  }

  boolean cancel(Project project, String inviteId) {
    return invites.delete(project.id(), inviteId);
  }

  /** The owner stays the owner; a member keeps the larger access, now as an invited member. */
  private static Sharing joined(Sharing sharing, String userId, Access granted) {
    if (sharing.ownerId().equals(userId)) {
      return sharing;
    }
    Access access = granted;
    List<Collaborator> next = new ArrayList<>();
    for (Collaborator c : sharing.collaborators()) {
      if (c.userId().equals(userId)) {
        access = c.access().allows(granted) ? c.access() : granted;
      } else {
        next.add(c);
      }
    }
    next.add(new Collaborator(userId, access));
    return new Sharing(sharing.ownerId(), next, sharing.readToken(), sharing.writeToken());
  }

  private boolean deliver(String address, Project project, String inviter, String link) {
    Optional<InvitationSender> sender = Optional.ofNullable(senders.getIfAvailable());
    if (sender.isEmpty()) {
      return false;
    }
    sender.get().send(address, project.name(), inviter, link);
    return true;
  }

  /**
   * The link the invited person opens. The secret is the fragment, which browsers never send to a
   * server: it stays out of access logs and {@code Referer} headers; the page posts it.
   */
  private String link(String inviteId, String secret) {
    String base = web.publicUrl().replaceAll("/+$", "");
    return base + "/invite/" + inviteId + "#" + secret;
  }

  /** Compares the secret's hash with the stored one in constant time. */
  private static boolean matches(String secret, String expectedHash) {
    if (secret == null) {
      return false;
    }
    return MessageDigest.isEqual(
        Hashes.sha256(secret).getBytes(StandardCharsets.US_ASCII),
        expectedHash.getBytes(StandardCharsets.US_ASCII));
  }

  private String newSecret() {
    byte[] bytes = new byte[SECRET_BYTES];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static ApiException invalid() {
    return ApiException.notFound(
        "This invitation is not valid: it may have expired, been used, or been withdrawn or"
            + " replaced by the project's owner. Ask them for a new one.");
  }
}
