/**
 * E-mail: messages rendered here are queued as {@code mail.send} jobs, and this web instance sends
 * them to the SMTP server (ADR 0025). Nothing here exists while no SMTP server is configured.
 */
package io.quire.web.mail;
