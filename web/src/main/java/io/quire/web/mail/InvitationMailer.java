package io.quire.web.mail;

import io.quire.common.contract.MailJob;
import io.quire.web.sharing.InvitationSender;

/** Sends an invitation's link to the invited address, so the inviter never sees it. */
class InvitationMailer implements InvitationSender {
  private final Mailer mailer;

  InvitationMailer(Mailer mailer) {
    this.mailer = mailer;
  }

  @Override
  public void send(String email, String projectName, String inviterName, String link) {
    mailer.send(
        email,
        MailTemplates.invitation(projectName, inviterName, link),
        "system",
        MailJob.NO_PROJECT);
  }
}
