package io.quire.web.mail;

/** One rendered message: its subject, plain text and the same text as simple HTML. */
public record MailMessage(String subject, String text, String html) {}
