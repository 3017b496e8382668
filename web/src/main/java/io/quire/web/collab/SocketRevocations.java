package io.quire.web.collab;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.quire.common.infra.QuireConnectionProperties;
import io.quire.common.project.Access;
import io.quire.common.project.Project;
import io.quire.common.project.ProjectStore;
import io.quire.web.account.SessionsEnded;
import io.quire.web.account.UserStore;
import io.quire.web.project.ProjectAccess;
import io.quire.web.project.ProjectAccessChanged;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.redisson.api.RTopic;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.CloseStatus;
import tools.jackson.databind.json.JsonMapper;

/**
 * Takes away at once what open sockets may no longer do, on every web instance (ADR 0022): the
 * sockets of an account whose sessions ended (disabled, deleted, password changed elsewhere) are
 * told and closed; a socket whose user's access to a project changed is told the new access, and
 * leaves the project's documents when none is left. The instance where the change happened acts on
 * its own sockets and tells the others through Redis; a periodic check of the accounts behind the
 * open sockets covers a message Redis lost. Every push is checked against the stored access anyway,
 * so a demoted writer's edits are refused even before the news arrives.
 */
@Component
class SocketRevocations implements SmartLifecycle {
  private static final Logger LOG = LoggerFactory.getLogger(SocketRevocations.class);

  /** Closing code for a socket whose session ended (the 4000s are the application's own). */
  static final CloseStatus SESSION_ENDED = new CloseStatus(4401, "session ended");

  private final CollabSocketHandler sockets;
  private final DocRooms rooms;
  private final CompileNotices compiles;
  private final ProjectStore projects;
  private final ProjectAccess access;
  private final UserStore users;
  private final RedissonClient redis;
  private final JsonMapper json;
  private final String topicName;
  private final long checkMillis;
  private final String instanceId = UUID.randomUUID().toString();
  private Integer listenerId;
  private ScheduledExecutorService checks;

  SocketRevocations(
      CollabSocketHandler sockets,
      DocRooms rooms,
      CompileNotices compiles,
      ProjectStore projects,
      ProjectAccess access,
      UserStore users,
      RedissonClient redis,
      JsonMapper json,
      QuireConnectionProperties connections,
      CollabProperties properties) {
    this.sockets = sockets;
    this.rooms = rooms;
    this.compiles = compiles;
    this.projects = projects;
    this.access = access;
    this.users = users;
    this.redis = redis;
    this.json = json;
    this.topicName = connections.amqp().prefix() + ":collab:revocations";
    this.checkMillis = properties.accountCheckInterval().toMillis();
  }

  /** What one instance tells the others: an account's sessions ended, or a project's access. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Revocation(
      String origin,
      String userId,
      String keptSessionId,
      Long sessionEpoch,
      String reason,
      String projectId) {}

  /** Told to a socket before it is closed because its session ended. */
  record SessionEndedNotice(String type, String message) {}

  /**
   * Told to a socket whose access to a project changed.
   *
   * @param access the access now ({@code readOnly}, {@code readWrite}, {@code owner}), or {@code
   *     null} when there is none left (the socket has left the project's documents)
   */
  @JsonInclude(JsonInclude.Include.ALWAYS)
  record AccessChangedNotice(String type, String projectId, String access, String message) {}

  @EventListener
  void on(SessionsEnded event) {
    endSessions(event.userId(), event.keptSessionId(), event.sessionEpoch(), event.reason());
    publish(
        new Revocation(
            instanceId,
            event.userId(),
            event.keptSessionId(),
            event.sessionEpoch(),
            event.reason(),
            null));
  }

  @EventListener
  void on(ProjectAccessChanged event) {
    recheck(event.projectId());
    publish(new Revocation(instanceId, null, null, null, null, event.projectId()));
  }

  /**
   * Closes the user's sockets here, but those of {@code keptSessionId}, which take the account's
   * new session epoch.
   */
  void endSessions(String userId, String keptSessionId, long sessionEpoch, String reason) {
    for (Connection connection : sockets.open()) {
      if (!connection.user().id().equals(userId)) {
        continue;
      }
      if (keptSessionId != null && keptSessionId.equals(connection.httpSessionId())) {
        connection.sessionEpoch(sessionEpoch);
      } else {
        end(connection, reason);
      }
    }
  }

  private static void end(Connection connection, String reason) {
    connection.send(new SessionEndedNotice("sessionEnded", reason));
    connection.close(SESSION_ENDED);
  }

  /** Tells the sockets here that use the project of their access now, if it changed. */
  void recheck(String projectId) {
    Optional<Project> project = projects.find(projectId);
    for (Connection connection : sockets.open()) {
      if (!connection.projects().contains(projectId)) {
        continue;
      }
      Optional<Access> now = project.flatMap(p -> access.accessOf(p, connection.user()));
      Access before = connection.told().get(projectId);
      if (now.isPresent() && now.get() == before) {
        continue;
      }
      if (now.isEmpty()) {
        leaveProject(connection, projectId);
        connection.send(
            new AccessChangedNotice(
                "accessChanged", projectId, null, "You no longer have access to this project."));
      } else {
        connection.told().put(projectId, now.get());
        connection.send(
            new AccessChangedNotice(
                "accessChanged",
                projectId,
                now.get().wireName(),
                now.get() == Access.READ_ONLY
                    ? "You now have read-only access to this project."
                    : "You can now edit this project."));
      }
    }
  }

  private void leaveProject(Connection connection, String projectId) {
    connection.told().remove(projectId);
    List.copyOf(connection.joined().entrySet()).stream()
        .filter(e -> e.getValue().equals(projectId))
        .forEach(e -> rooms.leave(connection, e.getKey()));
    compiles.unwatch(connection, projectId);
  }

  /** Closes the sockets whose account was disabled, deleted or moved to a new session epoch. */
  void checkAccounts() {
    Map<String, List<Connection>> byUser = new java.util.HashMap<>();
    for (Connection connection : sockets.open()) {
      byUser
          .computeIfAbsent(connection.user().id(), id -> new java.util.ArrayList<>())
          .add(connection);
    }
    byUser.forEach(
        (userId, open) -> {
          var stored = users.findById(userId);
          for (Connection connection : open) {
            boolean ended =
                stored.isEmpty()
                    || stored.get().disabled()
                    || stored.get().sessionEpoch() != connection.sessionEpoch();
            if (ended) {
              end(connection, "Your session has ended.");
            }
          }
        });
  }

  private RTopic topic() {
    return redis.getTopic(topicName, StringCodec.INSTANCE);
  }

  private void publish(Revocation revocation) {
    try {
      topic()
          .publishAsync(json.writeValueAsString(revocation))
          .whenComplete(
              (receivers, e) -> {
                if (e != null) {
                  LOG.warn("A revocation did not reach the other instances: {}", e.toString());
                }
              });
    } catch (RuntimeException e) {
      LOG.warn("A revocation did not reach the other instances: {}", e.toString());
    }
  }

  private void received(String text) {
    Revocation revocation;
    try {
      revocation = json.readValue(text, Revocation.class);
    } catch (RuntimeException e) {
      LOG.warn("Ignoring an unreadable revocation: {}", e.toString());
      return;
    }
    if (instanceId.equals(revocation.origin())) {
      return;
    }
    if (revocation.userId() != null) {
      endSessions(
          revocation.userId(),
          revocation.keptSessionId(),
          Objects.requireNonNullElse(revocation.sessionEpoch(), -1L),
          Objects.requireNonNullElse(revocation.reason(), "Your session has ended."));
    }
    if (revocation.projectId() != null) {
      recheck(revocation.projectId());
    }
  }

  // --- lifecycle: the subscription and the periodic account check ---

  @Override
  public synchronized void start() {
    listenerId = topic().addListener(String.class, (channel, text) -> received(text));
    checks =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread thread = new Thread(r, "collab-account-check");
              thread.setDaemon(true);
              return thread;
            });
    checks.scheduleWithFixedDelay(
        () -> {
          try {
            checkAccounts();
          } catch (RuntimeException e) {
            LOG.warn("Checking the accounts of open sockets failed: {}", e.toString());
          }
        },
        checkMillis,
        checkMillis,
        TimeUnit.MILLISECONDS);
  }

  @Override
  public synchronized void stop() {
    if (listenerId != null) {
      try {
        topic().removeListener(listenerId);
      } catch (RuntimeException e) {
        LOG.debug("Could not unsubscribe from {}: {}", topicName, e.toString());
      }
      listenerId = null;
    }
    if (checks != null) {
      checks.shutdownNow();
      checks = null;
    }
  }

  @Override
  public synchronized boolean isRunning() {
    return checks != null;
  }
}
