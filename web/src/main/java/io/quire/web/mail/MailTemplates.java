package io.quire.web.mail;

import java.time.Duration;
import org.springframework.web.util.HtmlUtils;

/**
 * The texts of Quire's messages, each as plain text and simple HTML. Every value put into the HTML
 * is escaped: a project or person's name is user input.
 */
public final class MailTemplates {
  private MailTemplates() {}

  public static MailMessage passwordReset(String link, Duration validFor) {
    String minutes = validFor.toMinutes() + " minutes";
    return message(
        "Reset your Quire password",
        "Someone, hopefully you, asked to reset the password of your Quire account.",
        "Choose a new password",
        link,
        "The link works once, for "
            + minutes
            + ". Using it signs you out everywhere else. If you did not ask for it, ignore this"
            + " message: your password stays as it is.");
  }

  public static MailMessage verifyAddress(String link, Duration validFor) {
    return message(
        "Confirm your e-mail address for Quire",
        "Welcome to Quire. Please confirm that this address is yours.",
        "Confirm my address",
        link,
        "The link works once, for "
            + validFor.toHours()
            + " hours. If you did not register, ignore this message.");
  }

  public static MailMessage addressTaken(String signInLink, String resetLink) {
    return message(
        "Someone tried to register with your address on Quire",
        "Someone, perhaps you, tried to create a Quire account with this e-mail address. You"
            + " already have one, so nothing was created. Sign in at "
            + signInLink
            + " .",
        "Forgot your password? Reset it",
        resetLink,
        "If it was not you, you need not do anything.");
  }

  public static MailMessage invitation(String projectName, String inviterName, String link) {
    return message(
        inviterName + " invites you to \u201c" + projectName + "\u201d on Quire",
        inviterName + " invites you to work on the project \u201c" + projectName + "\u201d.",
        "Open the invitation",
        link,
        "Sign in or register with any account to accept it. The link is the invitation: do not"
            + " pass it on.");
  }

  private static MailMessage message(
      String subject, String intro, String action, String link, String footer) {
    String text = intro + "\n\n" + action + ":\n" + link + "\n\n" + footer + "\n\n-- Quire\n";
    String html =
        "<!doctype html><html><body style=\"font-family:sans-serif\"><p>"
            + HtmlUtils.htmlEscape(intro)
            + "</p><p><a href=\""
            + HtmlUtils.htmlEscape(link)
            + "\">"
            + HtmlUtils.htmlEscape(action)
            + "</a></p><p style=\"color:#555\">"
            + HtmlUtils.htmlEscape(footer)
            + "</p><p style=\"color:#555\">&mdash; Quire</p></body></html>";
    // a name is user input: no line break of it may reach a header
    return new MailMessage(subject.replaceAll("\\p{Cntrl}+", " "), text, html);
  }
}
