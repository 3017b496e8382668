package io.quire.web.collab;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quire.common.collab.ChangeSet;
import io.quire.common.collab.DocUpdate;
import io.quire.common.project.Access;
import io.quire.common.project.DocStore;
import io.quire.common.project.ProjectStore;
import io.quire.web.account.QuireUser;
import io.quire.web.collab.CollabMessages.BusMessage;
import io.quire.web.collab.CollabMessages.ClientMessage;
import io.quire.web.collab.CollabMessages.Joined;
import io.quire.web.collab.CollabMessages.Presence;
import io.quire.web.collab.CollabMessages.PresenceLeft;
import io.quire.web.collab.CollabMessages.Pushed;
import io.quire.web.collab.CollabMessages.PushedUpdate;
import io.quire.web.collab.CollabMessages.Rejected;
import io.quire.web.collab.CollabMessages.Updates;
import io.quire.web.collab.CollabMessages.WireUpdate;
import io.quire.web.project.ProjectAccess;
import io.quire.web.project.ProjectLimits;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The documents open on this web instance and the protocol's actions on them. Every join, pull and
 * push checks the user's access to the project anew; accepted updates reach local sockets at once
 * and other instances through the bus; a periodic catch-up from MongoDB fills in whatever the bus
 * lost.
 */
@Component
class DocRooms implements SmartLifecycle {
  private static final Logger LOG = LoggerFactory.getLogger(DocRooms.class);
  private static final List<String> COLOURS =
      List.of(
          "#e6194b", "#3cb44b", "#4363d8", "#f58231", "#911eb4", "#008080", "#f032e6", "#9a6324");

  private final Map<String, DocRoom> rooms = new ConcurrentHashMap<>();
  private final DocStore docs;
  private final ProjectStore projects;
  private final ProjectAccess access;
  private final CollabBus bus;
  private final CompileNotices followers;
  private final PresenceStore presence;
  private final CollabProperties properties;
  private final int maxDocChars;
  private final Counter acceptedUpdates;
  private final Counter refusedUpdates;
  private ScheduledExecutorService catchUp;

  DocRooms(
      DocStore docs,
      ProjectStore projects,
      ProjectAccess access,
      CollabBus bus,
      CompileNotices followers,
      PresenceStore presence,
      CollabProperties properties,
      ProjectLimits limits,
      MeterRegistry meters) {
    this.docs = docs;
    this.projects = projects;
    this.access = access;
    this.bus = bus;
    this.followers = followers;
    this.presence = presence;
    this.properties = properties;
    this.maxDocChars = (int) Math.min(Integer.MAX_VALUE, limits.maxDocSize().toBytes());
    this.acceptedUpdates = updatesCounter(meters, "accepted");
    this.refusedUpdates = updatesCounter(meters, "refused");
    docs.addUpdateListener(this::stored);
  }

  private static Counter updatesCounter(MeterRegistry meters, String outcome) {
    return Counter.builder("quire.collab.updates")
        .description("Updates pushed by editors on this web instance, by outcome")
        .tag("outcome", outcome)
        .register(meters);
  }

  // --- the protocol's actions ---

  /**
   * @return whether the socket joined the document (so the user may read its project)
   */
  boolean join(Connection connection, ClientMessage message) {
    if (!connection.mayUse(message.projectId())) {
      reject(
          connection,
          message,
          "forbidden",
          "This socket was opened with a ticket for another project.",
          null);
      return false;
    }
    Optional<Access> granted = accessTo(connection.user(), message.projectId(), message.docId());
    if (granted.isEmpty()) {
      reject(connection, message, "not-found", "There is no such document in this project.", null);
      return false;
    }
    connection.joined().put(message.docId(), message.projectId());
    connection.told().put(message.projectId(), granted.get());
    List<Presence> others =
        presence.list(message.docId()).stream()
            .filter(p -> !p.connectionId().equals(connection.id()))
            .toList();
    DocRoom room;
    do {
      // a room emptied and dropped meanwhile is replaced by a fresh one
      room = room(message.docId());
      if (room == null) {
        connection.joined().remove(message.docId());
        reject(connection, message, "not-found", "The document is gone.", null);
        return false;
      }
      joinRoom(room, connection, message, granted.get(), others);
    } while (rooms.get(message.docId()) != room);
    return true;
  }

  private static void joinRoom(
      DocRoom room,
      Connection connection,
      ClientMessage message,
      Access granted,
      List<Presence> others) {
    room.join(
        connection,
        doc ->
            connection.send(
                new Joined(
                    "joined",
                    message.requestId(),
                    message.projectId(),
                    doc.id(),
                    doc.version(),
                    doc.text(),
                    granted.wireName(),
                    connection.id(),
                    others)));
  }

  void pull(Connection connection, ClientMessage message) {
    if (!stillAllowed(connection, message, Access.READ_ONLY)) {
      return;
    }
    long from = message.version() == null ? 0 : message.version();
    List<WireUpdate> updates =
        docs.updatesSince(message.docId(), from, properties.pullLimit()).stream()
            .map(WireUpdate::of)
            .toList();
    connection.send(new Updates("updates", message.requestId(), message.docId(), updates));
  }

  void push(Connection connection, ClientMessage message) {
    int offered = message.updates() == null ? 0 : message.updates().size();
    int accepted = pushUpdates(connection, message);
    acceptedUpdates.increment(accepted);
    refusedUpdates.increment(Math.max(0, offered - accepted));
  }

  /**
   * @return how many of the pushed updates were appended
   */
  private int pushUpdates(Connection connection, ClientMessage message) {
    if (!stillAllowed(connection, message, Access.READ_WRITE)) {
      return 0;
    }
    List<PushedUpdate> pushed = message.updates() == null ? List.of() : message.updates();
    if (message.version() == null || pushed.isEmpty()) {
      reject(connection, message, "invalid", "A push needs a version and updates.", null);
      return 0;
    }
    if (pushed.size() > properties.maxUpdatesPerPush()) {
      reject(connection, message, "invalid", "Too many updates in one push.", null);
      return 0;
    }
    List<ChangeSet> changes = new ArrayList<>();
    List<String> clientIds = new ArrayList<>();
    for (PushedUpdate update : pushed) {
      try {
        changes.add(ChangeSet.fromJson(update.changes()));
      } catch (IllegalArgumentException e) {
        reject(connection, message, "invalid", "Unreadable changes: " + e.getMessage(), null);
        return 0;
      }
      String clientId = update.clientID();
      clientIds.add(clientId == null || clientId.isBlank() ? connection.id() : clientId);
    }
    DocRoom room = rooms.get(message.docId());
    if (room == null) {
      reject(connection, message, "not-joined", "Join the document first.", null);
      return 0;
    }
    DocRoom.PushOutcome outcome =
        room.push(message.version(), changes, clientIds, connection.user().id(), maxDocChars);
    if (outcome.accepted() > 0 || outcome.reason() == null) {
      connection.send(
          new Pushed(
              "pushed",
              message.requestId(),
              message.docId(),
              outcome.accepted(),
              outcome.version()));
    }
    if (outcome.reason() != null) {
      reject(connection, message, outcome.reason(), outcome.message(), outcome.version());
    }
    return outcome.accepted();
  }

  void presence(Connection connection, ClientMessage message) {
    if (!connection.joined().containsKey(message.docId())) {
      return;
    }
    QuireUser user = connection.user();
    Presence cursor =
        new Presence(
            "presence",
            message.docId(),
            connection.id(),
            user.id(),
            user.name(),
            colourOf(user.id()),
            message.anchor() == null ? 0 : message.anchor(),
            message.head() == null ? 0 : message.head());
    presence.put(cursor);
    deliverPresence(cursor, connection);
    bus.publish(new BusMessage(bus.instanceId(), cursor.docId(), null, cursor, null));
  }

  void leave(Connection connection, String docId) {
    if (connection.joined().remove(docId) == null) {
      return;
    }
    DocRoom room = rooms.get(docId);
    if (room != null && room.leave(connection)) {
      rooms.remove(docId, room);
    }
    presence.remove(docId, connection.id());
    PresenceLeft left = new PresenceLeft("presenceLeft", docId, connection.id());
    deliverLocally(docId, left, connection);
    bus.publish(new BusMessage(bus.instanceId(), docId, null, null, connection.id()));
  }

  void closed(Connection connection) {
    List.copyOf(connection.joined().keySet()).forEach(docId -> leave(connection, docId));
  }

  // --- between instances ---

  /** An update this process appended: on to local sockets and to the other instances. */
  private void stored(DocUpdate update) {
    bus.publish(
        new BusMessage(
            bus.instanceId(), update.docId(), List.of(WireUpdate.of(update)), null, null));
    DocRoom room = rooms.get(update.docId());
    if (room != null) {
      room.advance(List.of(update));
    }
  }

  private void received(BusMessage message) {
    if (message.chat() != null) {
      followers.deliver(message.chat().projectId(), message.chat());
      return;
    }
    DocRoom room = rooms.get(message.docId());
    if (room == null) {
      return;
    }
    if (message.updates() != null) {
      List<DocUpdate> updates = new ArrayList<>();
      for (WireUpdate wire : message.updates()) {
        updates.add(
            new DocUpdate(
                message.docId(),
                room.projectId(),
                wire.version(),
                ChangeSet.fromJson(wire.changes()),
                wire.userId(),
                wire.clientID(),
                Instant.now()));
      }
      room.advance(updates);
    } else if (message.presence() != null) {
      deliverPresence(message.presence(), null);
    } else if (message.left() != null) {
      deliverLocally(
          message.docId(), new PresenceLeft("presenceLeft", message.docId(), message.left()), null);
    }
  }

  private void catchUpAll() {
    for (DocRoom room : rooms.values()) {
      try {
        room.catchUp();
      } catch (RuntimeException e) {
        LOG.warn("Catching up a document failed: {}", e.toString());
      }
    }
  }

  // --- helpers ---

  private DocRoom room(String docId) {
    try {
      return rooms.computeIfAbsent(docId, id -> new DocRoom(docs.find(id).orElseThrow(), docs));
    } catch (java.util.NoSuchElementException e) {
      return null;
    }
  }

  private void deliverPresence(Presence cursor, Connection except) {
    deliverLocally(cursor.docId(), cursor, except);
  }

  private void deliverLocally(String docId, Object message, Connection except) {
    DocRoom room = rooms.get(docId);
    if (room != null) {
      room.connections().stream().filter(c -> c != except).forEach(c -> c.send(message));
    }
  }

  private Optional<Access> accessTo(QuireUser user, String projectId, String docId) {
    if (projectId == null || docId == null) {
      return Optional.empty();
    }
    return projects
        .find(projectId)
        .filter(p -> p.entities().stream().anyMatch(e -> docId.equals(e.docId())))
        .flatMap(p -> access.accessOf(p, user));
  }

  /** Checks the socket joined the doc and its user still has {@code needed}; refuses otherwise. */
  private boolean stillAllowed(Connection connection, ClientMessage message, Access needed) {
    String projectId = message.docId() == null ? null : connection.joined().get(message.docId());
    if (projectId == null) {
      reject(connection, message, "not-joined", "Join the document first.", null);
      return false;
    }
    Optional<Access> granted = accessTo(connection.user(), projectId, message.docId());
    if (granted.isEmpty()) {
      reject(connection, message, "not-found", "There is no such document in this project.", null);
      leave(connection, message.docId());
      return false;
    }
    if (!granted.get().allows(needed)) {
      reject(connection, message, "forbidden", "You have read-only access to this project.", null);
      return false;
    }
    return true;
  }

  private static void reject(
      Connection connection, ClientMessage message, String reason, String text, Long version) {
    connection.send(
        new Rejected("rejected", message.requestId(), message.docId(), reason, text, version));
  }

  static String colourOf(String userId) {
    return COLOURS.get(Math.floorMod(userId.hashCode(), COLOURS.size()));
  }

  // --- lifecycle: the bus subscription and the catch-up timer ---

  @Override
  public synchronized void start() {
    bus.subscribe(this::received);
    catchUp =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread thread = new Thread(r, "collab-catch-up");
              thread.setDaemon(true);
              return thread;
            });
    long every = properties.catchUpInterval().toMillis();
    catchUp.scheduleWithFixedDelay(this::catchUpAll, every, every, TimeUnit.MILLISECONDS);
  }

  @Override
  public synchronized void stop() {
    bus.unsubscribe();
    if (catchUp != null) {
      catchUp.shutdownNow();
      catchUp = null;
    }
  }

  @Override
  public synchronized boolean isRunning() {
    return catchUp != null;
  }
}
