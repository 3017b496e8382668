package io.quire.web.collab;

import io.quire.common.collab.ChangeSet;
import io.quire.common.collab.DocUpdate;
import io.quire.common.project.Doc;
import io.quire.common.project.DocStore;
import io.quire.web.collab.CollabMessages.Updates;
import io.quire.web.collab.CollabMessages.WireUpdate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * One document open on this web instance: the sockets editing it and the latest state this instance
 * knows. Everything that changes the state or sends updates holds the room's lock, so each socket
 * receives the updates in version order, and a join's snapshot comes before any update after it.
 */
final class DocRoom {
  private final ReentrantLock lock = new ReentrantLock();
  private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
  private final DocStore docs;
  private Doc current;

  DocRoom(Doc loaded, DocStore docs) {
    this.current = loaded;
    this.docs = docs;
  }

  /** What became of a push. */
  record PushOutcome(int accepted, long version, String reason, String message) {
    boolean refused() {
      return accepted == 0 && reason != null;
    }
  }

  String projectId() {
    return current.projectId();
  }

  /** Adds a socket and tells it the current state, before any later update reaches it. */
  void join(Connection connection, Consumer<Doc> welcome) {
    lock.lock();
    try {
      catchUpLocked();
      connections.add(connection);
      welcome.accept(current);
    } finally {
      lock.unlock();
    }
  }

  /**
   * @return whether the room is empty now
   */
  boolean leave(Connection connection) {
    connections.remove(connection);
    return connections.isEmpty();
  }

  Set<Connection> connections() {
    return connections;
  }

  /**
   * Appends a client's updates based on {@code baseVersion}, one version each. Only a push based on
   * the current version is taken; once one of its updates loses the race for its version, the rest
   * are refused too and the client rebases them.
   */
  PushOutcome push(
      long baseVersion,
      List<ChangeSet> changes,
      List<String> clientIds,
      String userId,
      int maxChars) {
    lock.lock();
    try {
      catchUpLocked();
      if (baseVersion != current.version()) {
        return new PushOutcome(
            0,
            current.version(),
            "rebase",
            "The document is at version "
                + current.version()
                + ", not "
                + baseVersion
                + ": pull and rebase.");
      }
      int accepted = 0;
      for (int i = 0; i < changes.size(); i++) {
        ChangeSet change = changes.get(i);
        if (change.lengthBefore() != current.text().length()) {
          return new PushOutcome(
              accepted,
              current.version(),
              "invalid",
              "The changes do not fit the document's length at version " + current.version() + ".");
        }
        if (change.lengthAfter() > maxChars) {
          return new PushOutcome(
              accepted, current.version(), "too-large", "The document would become too large.");
        }
        var appended = docs.append(current, change, userId, clientIds.get(i));
        if (appended.isEmpty()) {
          catchUpLocked();
          return new PushOutcome(
              accepted,
              current.version(),
              "rebase",
              "Someone else changed the document first: pull and rebase.");
        }
        // the store's listener normally applied it already (same thread, reentrant lock)
        advanceLocked(List.of(appended.get().update()));
        accepted++;
      }
      return new PushOutcome(accepted, current.version(), null, null);
    } finally {
      lock.unlock();
    }
  }

  /** Takes updates heard of (from this process or another instance), in order. */
  void advance(List<DocUpdate> updates) {
    lock.lock();
    try {
      advanceLocked(updates);
    } finally {
      lock.unlock();
    }
  }

  /** Reads updates this instance missed from MongoDB and passes them on. */
  void catchUp() {
    lock.lock();
    try {
      catchUpLocked();
    } finally {
      lock.unlock();
    }
  }

  private void catchUpLocked() {
    List<DocUpdate> missed = docs.updatesSince(current.id(), current.version(), 0);
    if (!missed.isEmpty()) {
      applyLocked(missed);
    }
  }

  private void advanceLocked(List<DocUpdate> updates) {
    List<DocUpdate> fresh = new ArrayList<>();
    for (DocUpdate update : updates) {
      if (update.version() > current.version()) {
        fresh.add(update);
      }
    }
    if (fresh.isEmpty()) {
      return;
    }
    if (fresh.get(0).version() != current.version() + 1) {
      // a gap: something was missed on the way; MongoDB has it all
      catchUpLocked();
      return;
    }
    applyLocked(fresh);
  }

  private void applyLocked(List<DocUpdate> updates) {
    Doc after = DocStore.applyAll(current, updates);
    if (after.version() == current.version()) {
      return;
    }
    List<WireUpdate> wire = new ArrayList<>();
    for (DocUpdate update : updates) {
      if (update.version() > current.version() && update.version() <= after.version()) {
        wire.add(WireUpdate.of(update));
      }
    }
    current = after;
    Updates message = new Updates("updates", null, current.id(), wire);
    connections.forEach(c -> c.send(message));
  }
}
