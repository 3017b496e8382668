package io.quire.history.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import io.quire.common.blob.GridFsBlobStore;
import io.quire.common.collab.ChangeSet;
import io.quire.common.collab.DocUpdate;
import io.quire.common.contract.Compiler;
import io.quire.common.contract.HistoryIngestJob;
import io.quire.common.history.FileChange;
import io.quire.common.history.LabelStore;
import io.quire.common.history.SnapshotDiff;
import io.quire.common.history.TreeChange;
import io.quire.common.history.TreeChangeStore;
import io.quire.common.history.Version;
import io.quire.common.history.VersionStore;
import io.quire.common.messaging.JobHandler;
import io.quire.common.project.Doc;
import io.quire.common.project.DocStore;
import io.quire.common.project.Entity;
import io.quire.common.project.Project;
import io.quire.common.project.ProjectStore;
import io.quire.testsupport.TestMongo;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The ingest handler against a real (embedded) MongoDB, without a broker. */
class HistoryIngestHandlerIT {
  private static final JobHandler.Delivery DELIVERY =
      new JobHandler.Delivery("history.ingest", false, 0);

  private MongoClient client;
  private ProjectStore projects;
  private DocStore docs;
  private VersionStore versions;
  private LabelStore labels;
  private TreeChangeStore treeChanges;
  private MongoDatabase database;

  @BeforeEach
  void connect() {
    String uri = TestMongo.freshDatabaseUri();
    client = MongoClients.create(uri);
    database = client.getDatabase(uri.substring(uri.lastIndexOf('/') + 1));
    projects = new ProjectStore(database);
    docs = new DocStore(database, 5);
    versions = new VersionStore(database);
    labels = new LabelStore(database);
    treeChanges = new TreeChangeStore(database);
  }

  @AfterEach
  void close() {
    client.close();
  }

  private HistoryIngestHandler handler(Duration mergeWindow, int keepUpdates) {
    GridFsBlobStore blobs = new GridFsBlobStore(database);
    HistoryWorkerProperties properties =
        new HistoryWorkerProperties(
            1,
            mergeWindow,
            Duration.ofMinutes(10),
            keepUpdates,
            Duration.ZERO,
            Duration.ZERO,
            1,
            Duration.ofHours(1),
            Duration.ofMinutes(5));
    return new HistoryIngestHandler(
        projects,
        versions,
        labels,
        treeChanges,
        new SnapshotReader(docs, blobs, treeChanges),
        new SnapshotDiff(blobs),
        new UpdateLogTrimmer(database, keepUpdates, Duration.ZERO),
        properties);
  }

  private Project project(String ownerId, String text) {
    Project project = projects.create("p", ownerId, List.of(), "main.tex", Compiler.PDFLATEX);
    Doc main = docs.create(project.id(), text);
    projects.replaceTree(
        project.id(), project.treeVersion(), List.of(Entity.doc("main.tex", main.id())));
    treeChanges.record(new TreeChange(project.id(), 2, ownerId, Instant.now()));
    return projects.find(project.id()).orElseThrow();
  }

  private static HistoryIngestJob job(Project project) {
    return new HistoryIngestJob(
        UUID.randomUUID().toString(), project.id(), project.ownerId(), Instant.now(), 0);
  }

  private void type(Project project, String user, String text) {
    String docId = project.entity("main.tex").orElseThrow().docId();
    Doc current = docs.find(docId).orElseThrow();
    docs.append(
        current,
        ChangeSet.diff(current.text(), current.text() + text),
        user,
        DocUpdate.SERVER_CLIENT);
  }

  @Test
  void aBurstBySameAuthorsExtendsTheNewestVersionAndAnotherAuthorStartsANewOne() {
    HistoryIngestHandler handler = handler(Duration.ofMinutes(1), 100);
    Project project = project("alice", "start\n");
    handler.handle(job(project), DELIVERY);
    type(project, "alice", "one\n");
    handler.handle(job(project), DELIVERY);
    type(project, "alice", "two\n");
    handler.handle(job(project), DELIVERY);

    Version second = versions.latest(project.id()).orElseThrow();
    assertThat(second.number()).isEqualTo(2);
    assertThat(second.revision()).isEqualTo(1);
    assertThat(second.changes())
        .containsExactly(new FileChange("main.tex", FileChange.EDITED, null, 2, 0));

    type(project, "bob", "three\n");
    handler.handle(job(project), DELIVERY);
    Version third = versions.latest(project.id()).orElseThrow();
    assertThat(third.number()).isEqualTo(3);
    assertThat(third.authors()).containsExactly("bob");
  }

  @Test
  void aRepeatedJobWritesNothing() {
    HistoryIngestHandler handler = handler(Duration.ZERO, 100);
    Project project = project("alice", "start\n");
    type(project, "alice", "more\n");
    HistoryIngestJob job = job(project);

    handler.handle(job, DELIVERY);
    Version first = versions.latest(project.id()).orElseThrow();
    handler.handle(job, new JobHandler.Delivery("history.ingest", true, 1));
    handler.handle(job(project), DELIVERY);

    assertThat(versions.count(project.id())).isEqualTo(1);
    assertThat(versions.latest(project.id()).orElseThrow()).isEqualTo(first);
  }

  @Test
  void theUpdateLogIsTrimmedOnlyBelowTheSnapshotAndTheKeptTail() {
    HistoryIngestHandler handler = handler(Duration.ZERO, 3);
    Project project = project("alice", "");
    for (int i = 0; i < 12; i++) {
      type(project, "alice", i + "\n");
    }
    String docId = project.entity("main.tex").orElseThrow().docId();

    handler.handle(job(project), DELIVERY);

    // snapshot every 5 versions: at 10; keep 3: up to 9 may go
    long left = database.getCollection("docUpdates").countDocuments(Filters.eq("docId", docId));
    assertThat(left).isEqualTo(3);
    assertThat(docs.find(docId).orElseThrow().version()).isEqualTo(12);
    assertThat(docs.find(docId).orElseThrow().text()).startsWith("0\n1\n").endsWith("11\n");
  }
}
