package io.quire.web.sharing;

/**
 * Delivers an invitation's link to the invited address. There is an implementation (a bean of this
 * type, in {@code web.mail}) only while an SMTP server is configured: then the link goes only to
 * the address and the inviter never sees it; without one, the inviter is shown the link once and
 * passes it on.
 */
public interface InvitationSender {

  /**
   * Sends the link; throws when it could not be handed over, so the inviter can be told.
   *
   * @param email the invited address
   * @param projectName the project's name, for the message
   * @param inviterName who invites, for the message
   * @param link the link that accepts the invitation; it carries the secret
   */
  void send(String email, String projectName, String inviterName, String link);
}
