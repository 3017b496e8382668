package io.quire.web.collab;

import java.time.Instant;

/**
 * A chat message as the sockets following its project receive it ({@code chat.message}).
 *
 * @param type always {@code chat.message}
 * @param id the message's id, also the {@code before} cursor of the history
 * @param userName the author's name when the message was posted
 */
public record ChatNotice(
    String type,
    String projectId,
    String id,
    String userId,
    String userName,
    String text,
    Instant created) {
  public static final String TYPE = "chat.message";
}
