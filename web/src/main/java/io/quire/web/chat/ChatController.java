package io.quire.web.chat;

import io.quire.common.project.Access;
import io.quire.common.project.Project;
import io.quire.web.account.QuireUser;
import io.quire.web.account.User;
import io.quire.web.account.UserStore;
import io.quire.web.account.WindowCounters;
import io.quire.web.collab.ChatNotice;
import io.quire.web.collab.ChatNotices;
import io.quire.web.project.ProjectAccess;
import io.quire.web.system.ApiException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bson.types.ObjectId;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * A project's chat. Anyone with read access reads and posts (as in Overleaf, read-only members chat
 * too); messages are plain text, which clients show as text (links only made clickable).
 */
@RestController
@Tag(name = "Chat")
class ChatController {
  private final ProjectAccess access;
  private final ChatStore store;
  private final UserStore users;
  private final ChatNotices notices;
  private final WindowCounters counters;
  private final ChatProperties properties;

  ChatController(
      ProjectAccess access,
      ChatStore store,
      UserStore users,
      ChatNotices notices,
      WindowCounters counters,
      ChatProperties properties) {
    this.access = access;
    this.store = store;
    this.users = users;
    this.notices = notices;
    this.counters = counters;
    this.properties = properties;
  }

  /** A chat message as the API answers it. */
  record MessageView(
      String id, String projectId, String userId, String userName, String text, Instant created) {}

  /**
   * @param nextBefore pass as {@code before} for the next, older page; null on the last page
   */
  record MessagePage(List<MessageView> messages, String nextBefore) {}

  record PostRequest(String text) {}

  record Unread(long unread) {}

  @Operation(
      operationId = "listChatMessages",
      summary = "A page of the project's chat, newest first",
      description =
          "Read access. `limit` per page (default 50, at most QUIRE_CHAT_MAX_PAGE_SIZE); pass the"
              + " answer's `nextBefore` as `before` for the next, older page.")
  @ApiResponse(responseCode = "200", description = "One page of messages")
  @ApiResponse(responseCode = "400", description = "`before` is not a message id.")
  @ApiResponse(responseCode = "404", description = "No such project, or no access.")
  @GetMapping("/api/projects/{id}/chat/messages")
  MessagePage list(
      @AuthenticationPrincipal QuireUser user,
      @PathVariable String id,
      @RequestParam(required = false) String before,
      @RequestParam(defaultValue = "50") int limit) {
    Project project = access.require(id, user, Access.READ_ONLY);
    if (before != null && !ObjectId.isValid(before)) {
      throw ApiException.badRequest("`before` must be the id of a message.");
    }
    int size = Math.max(1, Math.min(limit, properties.maxPageSize()));
    List<ChatStore.Message> page =
        store.page(project.id(), before == null ? null : new ObjectId(before), size);
    Map<String, String> names = new HashMap<>();
    List<MessageView> views =
        page.stream()
            .map(
                m ->
                    new MessageView(
                        m.id(),
                        m.projectId(),
                        m.userId(),
                        names.computeIfAbsent(
                            m.userId(), u -> users.findById(u).map(User::name).orElse(null)),
                        m.text(),
                        m.created()))
            .toList();
    String next = page.size() == size ? page.get(page.size() - 1).id() : null;
    return new MessagePage(views, next);
  }

  @Operation(
      operationId = "postChatMessage",
      summary = "Post a chat message",
      description =
          "Read access. `{text}`: 1 to QUIRE_CHAT_MAX_MESSAGE_CHARS characters of plain text. Every"
              + " socket following the project gets it as `chat.message`.")
  @ApiResponse(responseCode = "201", description = "The message as stored")
  @ApiResponse(responseCode = "400", description = "No text, or only blanks.")
  @ApiResponse(responseCode = "404", description = "No such project, or no access.")
  @ApiResponse(responseCode = "413", description = "The message is too long.")
  @ApiResponse(responseCode = "429", description = "Too many messages; `retryAfterSeconds`.")
  @PostMapping("/api/projects/{id}/chat/messages")
  @ResponseStatus(HttpStatus.CREATED)
  MessageView post(
      @AuthenticationPrincipal QuireUser user,
      @PathVariable String id,
      @RequestBody(required = false) PostRequest body) {
    Project project = access.require(id, user, Access.READ_ONLY);
    String text = body == null || body.text() == null ? "" : body.text();
    if (text.isBlank()) {
      throw ApiException.badRequest("A chat message needs some text.");
    }
    if (text.length() > properties.maxMessageChars()) {
      throw ApiException.tooLarge(
          "A chat message has at most "
              + properties.maxMessageChars()
              + " characters; this one has "
              + text.length()
              + ".");
    }
    throttle(user);
    ChatStore.Message stored =
        store.add(project.id(), user.id(), text, Instant.now().truncatedTo(ChronoUnit.MILLIS));
    notices.announce(
        new ChatNotice(
            ChatNotice.TYPE,
            project.id(),
            stored.id(),
            user.id(),
            user.name(),
            stored.text(),
            stored.created()));
    return new MessageView(
        stored.id(), project.id(), user.id(), user.name(), stored.text(), stored.created());
  }

  @Operation(
      operationId = "markChatRead",
      summary = "Mark the project's chat as read",
      description = "Read access. Every message posted so far counts as read by you.")
  @ApiResponse(responseCode = "204", description = "Marked")
  @ApiResponse(responseCode = "404", description = "No such project, or no access.")
  @PostMapping("/api/projects/{id}/chat/read")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void markRead(@AuthenticationPrincipal QuireUser user, @PathVariable String id) {
    Project project = access.require(id, user, Access.READ_ONLY);
    store.markRead(project.id(), user.id());
  }

  @Operation(
      operationId = "countUnreadChat",
      summary = "How many chat messages you have not read",
      description = "Read access. Others' messages posted after the last you marked read.")
  @ApiResponse(responseCode = "200", description = "`{unread}`")
  @ApiResponse(responseCode = "404", description = "No such project, or no access.")
  @GetMapping("/api/projects/{id}/chat/unread")
  Unread unread(@AuthenticationPrincipal QuireUser user, @PathVariable String id) {
    Project project = access.require(id, user, Access.READ_ONLY);
    return new Unread(store.unread(project.id(), user.id()));
  }

  private void throttle(QuireUser user) {
    String key = "chat:user:" + user.id();
    if (counters.countOver(key, properties.ratePerUser(), properties.rateWindow())) {
      Duration wait = counters.remaining(key, properties.rateWindow());
      throw new ApiException(
              HttpStatus.TOO_MANY_REQUESTS,
              "Too many messages",
              "You posted too many chat messages; wait "
                  + wait.toSeconds()
                  + " seconds and try again.")
          .with("retryAfterSeconds", wait.toSeconds());
    }
  }
}
