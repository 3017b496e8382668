package io.quire.git.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.quire.common.blob.BlobStore;
import io.quire.common.contract.Compiler;
import io.quire.common.project.Access;
import io.quire.common.project.Collaborator;
import io.quire.common.project.DocStore;
import io.quire.common.project.Entity;
import io.quire.common.project.Project;
import io.quire.common.project.ProjectStore;
import io.quire.git.GitProperties;
import io.quire.git.GitWorkerApplication;
import io.quire.git.push.PushHook;
import io.quire.git.repo.GitRepositories;
import io.quire.git.repo.ProjectSnapshots;
import io.quire.testsupport.BrokerCleanup;
import io.quire.testsupport.TestMongo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEditor;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.ReceiveCommand;
import org.eclipse.jgit.transport.ReceivePack;
import org.eclipse.jgit.transport.resolver.ServiceNotEnabledException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The checks where a push is received, behind the request filter: the receive-pack factory refuses
 * a caller the filter found read-only, and the pre-receive hook refuses a pusher who has no write
 * access at the moment the push would be applied (demoted, disabled) or whose push would make the
 * project larger than its limit. A real git-worker context (embedded Mongo, the local Redis and
 * RabbitMQ) and real repositories; the commits are built with JGit.
 */
@SpringBootTest(classes = GitWorkerApplication.class)
class PushRefusalsIT {
  private static final long LIMIT = 64 * 1024;

  @DynamicPropertySource
  static void isolate(DynamicPropertyRegistry registry) {
    String prefix = "test-" + UUID.randomUUID().toString().substring(0, 8);
    registry.add("quire.mongo.uri", TestMongo::freshDatabaseUri);
    registry.add("quire.amqp.prefix", () -> prefix);
    BrokerCleanup.deleteOnExit(prefix);
    registry.add("quire.data-dir", () -> System.getProperty("java.io.tmpdir") + "/" + prefix);
    registry.add("server.port", () -> 0);
    registry.add("quire.projects.max-project-size", () -> LIMIT + "B");
  }

  @Autowired GitRepositories repositories;
  @Autowired ProjectSnapshots snapshots;
  @Autowired PushHook.Factory pushHooks;
  @Autowired GitProperties properties;
  @Autowired ProjectStore projects;
  @Autowired DocStore docs;
  @Autowired BlobStore blobs;
  @Autowired MongoDatabase database;

  private GitServletFactories factories;
  private String ownerId;
  private String writerId;
  private Project project;
  private Repository repo;
  private long storedBefore;

  @BeforeEach
  void aProjectWithAWriter() {
    factories = new GitServletFactories(repositories, snapshots, pushHooks, properties);
    ownerId = user("owner");
    writerId = user("writer");
    Project created = projects.create("Pushes", ownerId, List.of(), "main.tex", Compiler.PDFLATEX);
    String docId = docs.create(created.id(), "as it was\n").id();
    assertThat(projects.replaceTree(created.id(), 1, List.of(Entity.doc("main.tex", docId))))
        .isTrue();
    project = share(created.id(), writerId, Access.READ_WRITE);
    repo = repositories.open(project.id());
  }

  @AfterEach
  void closeRepository() {
    repo.close();
  }

  @Test
  void theReceivePackFactoryRefusesACallerWithReadOnlyAccess() {
    MockHttpServletRequest request = request(writerId, Access.READ_ONLY);

    assertThatThrownBy(() -> factories.receivePacks().create(request, repo))
        .isInstanceOf(ServiceNotEnabledException.class)
        .hasMessage("You have read-only access to this project: you cannot push to it.");
  }

  @Test
  void theReceivePackFactoryGivesAWriterAReceivePackGuardedByThePushHook() throws Exception {
    ReceivePack receive =
        factories.receivePacks().create(request(writerId, Access.READ_WRITE), repo);

    assertThat(receive.getPreReceiveHook()).isInstanceOf(PushHook.class);
  }

  @Test
  void aWriterWhoKeepsAccessHasThePushApplied() throws Exception {
    ReceivePack receive =
        factories.receivePacks().create(request(writerId, Access.READ_WRITE), repo);
    ReceiveCommand push = commitOnMain(Map.of("main.tex", bytes("pushed\n")), Set.of());

    receive.getPreReceiveHook().onPreReceive(receive, List.of(push));

    assertThat(push.getResult()).as(push.getMessage()).isEqualTo(ReceiveCommand.Result.OK);
    assertThat(mainText()).isEqualTo("pushed\n");
    assertThat(repo.resolve(GitRepositories.MAIN)).isEqualTo(push.getNewId());
  }

  @Test
  void aWriterDemotedWhileThePushArrivesIsRefusedByThePreReceiveHook() throws Exception {
    ReceivePack receive =
        factories.receivePacks().create(request(writerId, Access.READ_WRITE), repo);
    ReceiveCommand push = commitOnMain(Map.of("main.tex", bytes("pushed\n")), Set.of());
    share(project.id(), writerId, Access.READ_ONLY);
    Project before = current();

    receive.getPreReceiveHook().onPreReceive(receive, List.of(push));

    assertRefused(push, "you do not have write access to this project", before);
  }

  @Test
  void aWriterRemovedFromTheProjectIsRefusedByThePreReceiveHook() throws Exception {
    ReceivePack receive =
        factories.receivePacks().create(request(writerId, Access.READ_WRITE), repo);
    ReceiveCommand push = commitOnMain(Map.of("main.tex", bytes("pushed\n")), Set.of());
    projects.updateSharing(
        project.id(),
        s -> new ProjectStore.Sharing(s.ownerId(), List.of(), s.readToken(), s.writeToken()));
    Project before = current();

    receive.getPreReceiveHook().onPreReceive(receive, List.of(push));

    assertRefused(push, "you do not have write access to this project", before);
  }

  @Test
  void aWriterWhoseAccountWasDisabledIsRefusedByThePreReceiveHook() throws Exception {
    ReceivePack receive =
        factories.receivePacks().create(request(writerId, Access.READ_WRITE), repo);
    ReceiveCommand push = commitOnMain(Map.of("main.tex", bytes("pushed\n")), Set.of());
    database
        .getCollection("users")
        .updateOne(Filters.eq("_id", new ObjectId(writerId)), Updates.set("disabled", true));
    Project before = current();

    receive.getPreReceiveHook().onPreReceive(receive, List.of(push));

    assertRefused(push, "you do not have write access to this project", before);
  }

  @Test
  void aPushThatWouldGrowTheProjectPastItsLimitIsRefusedWithBothSizes() throws Exception {
    ReceivePack receive = factories.receivePacks().create(request(ownerId, Access.OWNER), repo);
    ReceiveCommand push =
        commitOnMain(Map.of("main.tex", bytes("pushed\n"), "big.bin", random(70_000)), Set.of());
    Project before = current();

    receive.getPreReceiveHook().onPreReceive(receive, List.of(push));

    assertRefused(
        push,
        "the project would grow to 68.4 KB, over its size limit of 64 KB (it holds 10 bytes now):"
            + " nothing was applied",
        before);
  }

  @Test
  void aPushThatShrinksAProjectAlreadyOverItsLimitIsApplied() throws Exception {
    // the project grew to 80 KB under an earlier, higher limit
    Project current = projects.find(project.id()).orElseThrow();
    byte[] a = random(40_000);
    byte[] b = random(40_001);
    List<Entity> tree =
        List.of(
            current.entities().get(0),
            Entity.file("a.bin", blobs.put(a), a.length),
            Entity.file("b.bin", blobs.put(b), b.length));
    assertThat(projects.replaceTree(project.id(), current.treeVersion(), tree)).isTrue();
    assertThat(snapshots.sync(project.id())).isPresent();

    ReceivePack grow = factories.receivePacks().create(request(ownerId, Access.OWNER), repo);
    ReceiveCommand more = commitOnMain(Map.of("c.bin", random(10)), Set.of());
    Project before = current();
    grow.getPreReceiveHook().onPreReceive(grow, List.of(more));
    assertRefused(more, "over its size limit of 64 KB", before);

    ReceivePack shrink = factories.receivePacks().create(request(ownerId, Access.OWNER), repo);
    ReceiveCommand less = commitOnMain(Map.of(), Set.of("a.bin"));
    shrink.getPreReceiveHook().onPreReceive(shrink, List.of(less));

    assertThat(less.getResult()).as(less.getMessage()).isEqualTo(ReceiveCommand.Result.OK);
    assertThat(projects.find(project.id()).orElseThrow().entity("a.bin")).isEmpty();
  }

  // ---------------------------------------------------------------- steps

  /** The push was refused with the message and nothing of it reached the repository or project. */
  private void assertRefused(ReceiveCommand push, String message, Project before)
      throws IOException {
    assertThat(push.getResult()).isEqualTo(ReceiveCommand.Result.REJECTED_OTHER_REASON);
    assertThat(push.getMessage()).contains(message);
    assertThat(repo.resolve(GitRepositories.MAIN)).isEqualTo(push.getOldId());
    Project after = projects.find(before.id()).orElseThrow();
    assertThat(after.treeVersion()).isEqualTo(before.treeVersion());
    assertThat(after.entities()).isEqualTo(before.entities());
    assertThat(docs.storedBytes(before.id())).isEqualTo(storedBefore);
  }

  private Project current() {
    Project now = projects.find(project.id()).orElseThrow();
    storedBefore = docs.storedBytes(project.id());
    return now;
  }

  private MockHttpServletRequest request(String userId, Access access) {
    MockHttpServletRequest request = new MockHttpServletRequest("POST", "/git/x/git-receive-pack");
    new GitRequest(project.id(), userId, "Pat", "pat@example.org", access).attachTo(request);
    return request;
  }

  private String user(String name) {
    ObjectId id = new ObjectId();
    database
        .getCollection("users")
        .insertOne(
            new Document("_id", id)
                .append("email", name + "-" + id + "@example.org")
                .append("name", name)
                .append("role", "USER")
                .append("disabled", false));
    return id.toHexString();
  }

  private Project share(String projectId, String userId, Access access) {
    return projects
        .updateSharing(
            projectId,
            s ->
                new ProjectStore.Sharing(
                    s.ownerId(),
                    List.of(new Collaborator(userId, access)),
                    s.readToken(),
                    s.writeToken()))
        .orElseThrow();
  }

  private String mainText() {
    Project current = projects.find(project.id()).orElseThrow();
    return docs.find(current.entity("main.tex").orElseThrow().docId()).orElseThrow().text();
  }

  /** A commit on top of the repository's {@code main} (made first when missing), as a push. */
  private ReceiveCommand commitOnMain(Map<String, byte[]> put, Set<String> delete)
      throws IOException {
    if (repo.resolve(GitRepositories.MAIN) == null) {
      assertThat(snapshots.sync(project.id())).isPresent();
    }
    org.eclipse.jgit.lib.ObjectId main = repo.resolve(GitRepositories.MAIN);
    try (RevWalk walk = new RevWalk(repo);
        ObjectReader reader = repo.newObjectReader();
        ObjectInserter inserter = repo.newObjectInserter()) {
      RevCommit parent = walk.parseCommit(main);
      DirCache index = DirCache.newInCore();
      DirCacheBuilder builder = index.builder();
      builder.addTree(new byte[0], DirCacheEntry.STAGE_0, reader, parent.getTree());
      builder.finish();
      DirCacheEditor editor = index.editor();
      put.forEach(
          (path, content) -> {
            org.eclipse.jgit.lib.ObjectId blob;
            try {
              blob = inserter.insert(Constants.OBJ_BLOB, content);
            } catch (IOException e) {
              throw new java.io.UncheckedIOException(e);
            }
            editor.add(
                new DirCacheEditor.PathEdit(path) {
                  @Override
                  public void apply(DirCacheEntry entry) {
                    entry.setFileMode(FileMode.REGULAR_FILE);
                    entry.setObjectId(blob);
                  }
                });
          });
      delete.forEach(path -> editor.add(new DirCacheEditor.DeletePath(path)));
      editor.finish();
      CommitBuilder commit = new CommitBuilder();
      commit.setTreeId(index.writeTree(inserter));
      commit.setParentId(main);
      PersonIdent who = new PersonIdent("Pat", "pat@example.org");
      commit.setAuthor(who);
      commit.setCommitter(who);
      commit.setMessage("A push\n");
      org.eclipse.jgit.lib.ObjectId pushed = inserter.insert(commit);
      inserter.flush();
      return new ReceiveCommand(main, pushed, GitRepositories.MAIN);
    }
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] random(int size) {
    byte[] bytes = new byte[size];
    new Random(size).nextBytes(bytes);
    return bytes;
  }
}
