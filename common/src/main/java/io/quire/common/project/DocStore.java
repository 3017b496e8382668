package io.quire.common.project;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.lt;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Accumulators;
import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Updates;
import io.quire.common.collab.ChangeSet;
import io.quire.common.collab.DocUpdate;
import io.quire.common.collab.DocUpdateStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Editable documents: a snapshot in {@code docs} plus the later updates in {@code docUpdates}; the
 * current text is the snapshot with those updates applied. Every change, from an editor or from the
 * server, is an appended update; the snapshot is refreshed every {@code snapshotEvery} versions.
 */
public final class DocStore {
  private static final Logger LOG = LoggerFactory.getLogger(DocStore.class);

  /** How many versions may pile up on a snapshot by default. */
  public static final int DEFAULT_SNAPSHOT_EVERY = 50;

  private static final int MAX_REPLACE_ATTEMPTS = 50;

  private final MongoCollection<Document> docs;
  private final DocUpdateStore updates;
  private final int snapshotEvery;
  private final List<Consumer<DocUpdate>> listeners = new CopyOnWriteArrayList<>();

  public DocStore(MongoDatabase database) {
    this(database, DEFAULT_SNAPSHOT_EVERY);
  }

  public DocStore(MongoDatabase database, int snapshotEvery) {
    this.docs = database.getCollection("docs");
    docs.createIndex(Indexes.ascending("projectId"));
    this.updates = new DocUpdateStore(database);
    this.snapshotEvery = Math.max(1, snapshotEvery);
  }

  /**
   * Calls {@code listener} after every update this store appended (and made durable), so this
   * process can pass it on to open editors.
   */
  public void addUpdateListener(Consumer<DocUpdate> listener) {
    listeners.add(listener);
  }

  public Doc create(String projectId, String text) {
    ObjectId id = new ObjectId();
    docs.insertOne(
        new Document("_id", id)
            .append("projectId", projectId)
            .append("text", text)
            .append("version", 0L));
    return new Doc(id.toHexString(), projectId, text, 0);
  }

  public Optional<Doc> find(String docId) {
    if (!ObjectId.isValid(docId)) {
      return Optional.empty();
    }
    return Optional.ofNullable(docs.find(eq("_id", new ObjectId(docId))).first())
        .map(DocStore::toDoc)
        .map(this::catchUp);
  }

  /** The current text of every document of a project. */
  public List<Doc> findByProject(String projectId) {
    List<Doc> found = new ArrayList<>();
    docs.find(eq("projectId", projectId)).forEach(d -> found.add(toDoc(d)));
    return found.stream().map(this::catchUp).toList();
  }

  /**
   * Bytes (UTF-8) of the stored text of every document of a project, counted by the database. The
   * stored text is a snapshot that may lag the newest edits by a few updates: close enough for a
   * size limit, and no document text is loaded for it.
   */
  public long storedBytes(String projectId) {
    Document total =
        docs.aggregate(
                List.of(
                    Aggregates.match(eq("projectId", projectId)),
                    Aggregates.group(
                        null, Accumulators.sum("bytes", new Document("$strLenBytes", "$text")))))
            .first();
    return total == null ? 0 : total.get("bytes", Number.class).longValue();
  }

  /** A known state of a document brought up to date with the updates appended since. */
  public Doc catchUp(Doc known) {
    return applyAll(known, updates.since(known.id(), known.version(), 0));
  }

  /** The updates after {@code version}, oldest first, at most {@code limit} (0: all). */
  public List<DocUpdate> updatesSince(String docId, long version, int limit) {
    return updates.since(docId, version, limit);
  }

  /** Applies consecutive updates to a state; stops at a gap or an update that does not fit. */
  public static Doc applyAll(Doc known, List<DocUpdate> later) {
    Doc doc = known;
    for (DocUpdate update : later) {
      if (update.version() != doc.version() + 1
          || update.changes().lengthBefore() != doc.text().length()) {
        break;
      }
      doc =
          new Doc(doc.id(), doc.projectId(), update.changes().apply(doc.text()), update.version());
    }
    return doc;
  }

  /** An accepted update and the document after it. */
  public record Appended(DocUpdate update, Doc doc) {}

  /**
   * Appends changes based on {@code current}, as version {@code current.version() + 1}. Durable
   * when this returns.
   *
   * @return empty when that version exists already: the caller must catch up and rebase
   * @throws IllegalArgumentException when the changes do not fit the text
   */
  public Optional<Appended> append(Doc current, ChangeSet changes, String userId, String clientId) {
    String text = changes.apply(current.text());
    DocUpdate update =
        new DocUpdate(
            current.id(),
            current.projectId(),
            current.version() + 1,
            changes,
            userId,
            clientId,
            Instant.now());
    if (!updates.append(update)) {
      return Optional.empty();
    }
    Doc after = new Doc(current.id(), current.projectId(), text, update.version());
    if (after.version() % snapshotEvery == 0) {
      refreshSnapshot(after);
    }
    for (Consumer<DocUpdate> listener : listeners) {
      try {
        listener.accept(update);
      } catch (RuntimeException e) {
        // the update is stored; editors catch up from MongoDB
        LOG.warn("A listener failed on update {} of doc {}", update.version(), update.docId(), e);
      }
    }
    return Optional.of(new Appended(update, after));
  }

  /** Writes a snapshot unless a newer one is there already. */
  private void refreshSnapshot(Doc doc) {
    docs.updateOne(
        and(eq("_id", new ObjectId(doc.id())), lt("version", doc.version())),
        Updates.combine(Updates.set("text", doc.text()), Updates.set("version", doc.version())));
  }

  /**
   * Changes the text to {@code text} by an ordinary update (the difference from the current text),
   * so editors that have the document open see the change like anybody's edit.
   *
   * @return the document after the change, empty when it does not exist
   */
  public Optional<Doc> replaceText(String docId, String text, String userId) {
    for (int attempt = 0; attempt < MAX_REPLACE_ATTEMPTS; attempt++) {
      Optional<Doc> current = find(docId);
      if (current.isEmpty()) {
        return Optional.empty();
      }
      ChangeSet changes = ChangeSet.diff(current.get().text(), text);
      if (changes.isEmpty()) {
        return current;
      }
      Optional<Appended> appended = append(current.get(), changes, userId, DocUpdate.SERVER_CLIENT);
      if (appended.isPresent()) {
        return Optional.of(appended.get().doc());
      }
    }
    throw new IllegalStateException("document " + docId + " keeps changing; try again");
  }

  public void delete(String docId) {
    if (ObjectId.isValid(docId)) {
      docs.deleteOne(eq("_id", new ObjectId(docId)));
    }
  }

  public void deleteByProject(String projectId) {
    docs.deleteMany(eq("projectId", projectId));
    updates.deleteByProject(projectId);
  }

  private static Doc toDoc(Document d) {
    return new Doc(
        d.getObjectId("_id").toHexString(),
        d.getString("projectId"),
        d.getString("text"),
        d.get("version", Number.class).longValue());
  }
}
