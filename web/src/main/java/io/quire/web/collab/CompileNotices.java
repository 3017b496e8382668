package io.quire.web.collab;

import io.quire.common.contract.CompileCompletedEvent;
import io.quire.common.contract.CompileResult;
import io.quire.common.project.Access;
import io.quire.common.project.Project;
import io.quire.common.project.ProjectStore;
import io.quire.web.account.User;
import io.quire.web.account.UserStore;
import io.quire.web.collab.CollabMessages.ClientMessage;
import io.quire.web.collab.CollabMessages.CompileCompleted;
import io.quire.web.collab.CollabMessages.Rejected;
import io.quire.web.collab.CollabMessages.Watching;
import io.quire.web.project.ProjectAccess;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Tells the editors open on a project that one of its compiles ended (and passes on its chat
 * messages, see {@link ChatNotices}). A socket follows a project once it joined one of its
 * documents or sent {@code watch}; every web instance receives every {@code compile.completed}
 * event on a queue of its own and tells its own sockets. Access is checked again when the event
 * comes: a socket whose user lost access stops following the project.
 */
@Component
class CompileNotices {
  static final String TYPE = "compile.completed";

  private final ProjectStore projects;
  private final ProjectAccess access;
  private final UserStore users;
  private final Map<String, Set<Connection>> following = new ConcurrentHashMap<>();

  CompileNotices(ProjectStore projects, ProjectAccess access, UserStore users) {
    this.projects = projects;
    this.access = access;
    this.users = users;
  }

  /** A client's {@code watch}: follow the project's compiles if the user may read it. */
  void watch(Connection connection, ClientMessage message) {
    String projectId = message.projectId();
    Optional<Access> granted =
        projectId == null || !connection.mayUse(projectId)
            ? Optional.empty()
            : projects.find(projectId).flatMap(p -> access.accessOf(p, connection.user()));
    if (granted.isEmpty()) {
      connection.send(
          new Rejected(
              "rejected",
              message.requestId(),
              null,
              "not-found",
              "There is no such project, or you have no access to it.",
              null));
      return;
    }
    connection.told().putIfAbsent(projectId, granted.get());
    follow(connection, projectId);
    connection.send(new Watching("watching", message.requestId(), projectId));
  }

  /** Follows a project whose access was already checked, e.g. on joining one of its documents. */
  void follow(Connection connection, String projectId) {
    connection.following().add(projectId);
    following.compute(
        projectId,
        (id, sockets) -> {
          Set<Connection> set = sockets == null ? ConcurrentHashMap.newKeySet() : sockets;
          set.add(connection);
          return set;
        });
  }

  void unwatch(Connection connection, String projectId) {
    if (projectId == null) {
      return;
    }
    connection.following().remove(projectId);
    following.computeIfPresent(
        projectId,
        (id, sockets) -> {
          sockets.remove(connection);
          return sockets.isEmpty() ? null : sockets;
        });
  }

  void closed(Connection connection) {
    Set.copyOf(connection.following()).forEach(projectId -> unwatch(connection, projectId));
  }

  /** A compile ended (heard by this instance from RabbitMQ): on to the project's sockets here. */
  @EventListener
  void on(CompileCompletedEvent event) {
    if (!following.containsKey(event.projectId())) {
      return;
    }
    CompileResult result = event.result();
    deliver(
        event.projectId(),
        new CompileCompleted(
            TYPE,
            event.jobId(),
            event.projectId(),
            result.status().wireName(),
            result.buildId(),
            event.requestedBy(),
            users.findById(event.requestedBy()).map(User::name).orElse(null)));
  }

  /**
   * Sends a message to this instance's sockets that follow the project and may still read it; a
   * socket whose user lost access stops following it.
   */
  void deliver(String projectId, Object message) {
    Set<Connection> sockets = following.get(projectId);
    if (sockets == null || sockets.isEmpty()) {
      return;
    }
    Optional<Project> project = projects.find(projectId);
    for (Connection connection : Set.copyOf(sockets)) {
      if (project.flatMap(p -> access.accessOf(p, connection.user())).isPresent()) {
        connection.send(message);
      } else {
        unwatch(connection, projectId);
      }
    }
  }
}
