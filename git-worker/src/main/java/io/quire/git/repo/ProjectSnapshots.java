package io.quire.git.repo;

import io.quire.common.blob.BlobStore;
import io.quire.common.collab.DocUpdate;
import io.quire.common.project.Doc;
import io.quire.common.project.DocStore;
import io.quire.common.project.Entity;
import io.quire.common.project.Project;
import io.quire.common.project.ProjectStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes {@code main} show a project's current state: when the project changed since the state the
 * head commit shows, commits a snapshot of it (documents' text and binary files' bytes) on top.
 * Authored by the people who edited the documents since, when known, else by Quire.
 */
public final class ProjectSnapshots {
  private static final Logger LOG = LoggerFactory.getLogger(ProjectSnapshots.class);
  private static final int MAX_LISTED_PATHS = 20;

  private final ProjectStore projects;
  private final DocStore docs;
  private final BlobStore blobs;
  private final GitStateStore states;
  private final GitRepositories repositories;
  private final ProjectLocks locks;
  private final Authors authors;

  public ProjectSnapshots(
      ProjectStore projects,
      DocStore docs,
      BlobStore blobs,
      GitStateStore states,
      GitRepositories repositories,
      ProjectLocks locks,
      Authors authors) {
    this.projects = projects;
    this.docs = docs;
    this.blobs = blobs;
    this.states = states;
    this.repositories = repositories;
    this.locks = locks;
    this.authors = authors;
  }

  /**
   * Brings the project's repository up to date under the project's lock.
   *
   * @return the head of {@code main}, empty when the project does not exist
   */
  public Optional<ObjectId> sync(String projectId) {
    return locks.withLock(
        projectId,
        () -> {
          Optional<Project> project = projects.find(projectId);
          if (project.isEmpty()) {
            return Optional.empty();
          }
          try (Repository repo = repositories.open(projectId)) {
            return Optional.of(syncLocked(repo, project.get()));
          }
        });
  }

  /**
   * Brings {@code main} up to the project's current state; the caller holds the project's lock.
   *
   * @return the head of {@code main} afterwards
   */
  public ObjectId syncLocked(Repository repo, Project project) {
    try {
      return commitIfChanged(repo, project);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot commit the state of project " + project.id(), e);
    }
  }

  /** The project's current state (tree version and document versions). */
  public ProjectState stateOf(Project project, Map<String, Doc> docsById) {
    Map<String, Long> versions = new HashMap<>();
    for (Entity e : project.entities()) {
      if (e.docId() != null && docsById.containsKey(e.docId())) {
        versions.put(e.docId(), docsById.get(e.docId()).version());
      }
    }
    return new ProjectState(project.treeVersion(), versions);
  }

  private ObjectId commitIfChanged(Repository repo, Project project) throws IOException {
    Ref headRef = repo.exactRef(GitRepositories.MAIN);
    ObjectId head = headRef == null ? null : headRef.getObjectId();
    Map<String, Doc> docsById =
        docs.findByProject(project.id()).stream()
            .collect(Collectors.toMap(Doc::id, Function.identity(), (a, b) -> a));
    ProjectState state = stateOf(project, docsById);
    Optional<ProjectState> headState =
        head == null ? Optional.empty() : states.find(project.id(), head.name());
    if (headState.isPresent() && headState.get().equals(state)) {
      return head;
    }
    try (ObjectInserter inserter = repo.newObjectInserter();
        RevWalk walk = new RevWalk(repo)) {
      ObjectId tree = writeTree(inserter, project, docsById);
      if (head != null && walk.parseCommit(head).getTree().equals(tree)) {
        // only versions moved (a rename back, a settings change): same content, same commit
        states.record(project.id(), head.name(), state);
        return head;
      }
      List<PersonIdent> editors = editorsSince(project, docsById, headState.orElse(null));
      PersonIdent now = new PersonIdent(Authors.QUIRE, Instant.now());
      PersonIdent author = editors.isEmpty() ? now : new PersonIdent(editors.get(0), Instant.now());
      CommitBuilder commit = new CommitBuilder();
      commit.setTreeId(tree);
      if (head != null) {
        commit.setParentId(head);
      }
      commit.setAuthor(author);
      commit.setCommitter(now);
      commit.setMessage(message(project, docsById, headState.orElse(null), editors));
      ObjectId id = inserter.insert(commit);
      inserter.flush();
      RefUpdate update = repo.updateRef(GitRepositories.MAIN);
      update.setExpectedOldObjectId(head == null ? ObjectId.zeroId() : head);
      update.setNewObjectId(id);
      update.setRefLogIdent(now);
      update.setRefLogMessage("quire: tree version " + project.treeVersion(), false);
      RefUpdate.Result result = update.update(walk);
      if (result != RefUpdate.Result.NEW && result != RefUpdate.Result.FAST_FORWARD) {
        throw new IOException("main of project " + project.id() + " could not move: " + result);
      }
      states.record(project.id(), id.name(), state);
      LOG.info(
          "Committed {} for project {} at tree version {}",
          id.abbreviate(10).name(),
          project.id(),
          project.treeVersion());
      return id;
    }
  }

  private ObjectId writeTree(ObjectInserter inserter, Project project, Map<String, Doc> docsById)
      throws IOException {
    DirCache index = DirCache.newInCore();
    DirCacheBuilder builder = index.builder();
    for (Entity e : project.entities()) {
      ObjectId blob =
          switch (e.kind()) {
            case DOC -> {
              Doc doc = docsById.get(e.docId());
              yield doc == null
                  ? null
                  : inserter.insert(
                      Constants.OBJ_BLOB, doc.text().getBytes(StandardCharsets.UTF_8));
            }
            case FILE -> {
              Optional<InputStream> in = blobs.open(e.sha256());
              if (in.isEmpty()) {
                yield null;
              }
              try (InputStream stream = in.get()) {
                yield inserter.insert(Constants.OBJ_BLOB, e.size(), stream);
              }
            }
            case FOLDER -> null;
          };
      if (blob == null) {
        if (!e.isFolder()) {
          LOG.warn("Project {} lists {} but its content is missing", project.id(), e.path());
        }
        continue;
      }
      DirCacheEntry entry = new DirCacheEntry(e.path());
      entry.setFileMode(FileMode.REGULAR_FILE);
      entry.setObjectId(blob);
      builder.add(entry);
    }
    builder.finish();
    return index.writeTree(inserter);
  }

  /** The people whose document edits this commit carries, when the last state is known. */
  private List<PersonIdent> editorsSince(
      Project project, Map<String, Doc> docsById, ProjectState before) {
    if (before == null) {
      return List.of();
    }
    Set<String> userIds = new LinkedHashSet<>();
    for (Entity e : project.entities()) {
      Doc doc = e.docId() == null ? null : docsById.get(e.docId());
      if (doc == null) {
        continue;
      }
      long known = before.docVersions().getOrDefault(doc.id(), 0L);
      if (doc.version() > known) {
        docs.updatesSince(doc.id(), known, 0).stream()
            .map(DocUpdate::userId)
            .filter(id -> id != null)
            .forEach(userIds::add);
      }
    }
    return authors.of(userIds);
  }

  private String message(
      Project project, Map<String, Doc> docsById, ProjectState before, List<PersonIdent> editors) {
    StringBuilder text =
        new StringBuilder("Quire: project at tree version ")
            .append(project.treeVersion())
            .append("\n");
    if (before != null) {
      List<String> changed = new ArrayList<>();
      for (Entity e : project.entities()) {
        Doc doc = e.docId() == null ? null : docsById.get(e.docId());
        if (doc != null && doc.version() != before.docVersions().getOrDefault(doc.id(), -1L)) {
          changed.add(e.path());
        }
      }
      if (!changed.isEmpty()) {
        text.append("\nEdited in Quire: ")
            .append(
                String.join(", ", changed.subList(0, Math.min(changed.size(), MAX_LISTED_PATHS))))
            .append(changed.size() > MAX_LISTED_PATHS ? ", ..." : "")
            .append("\n");
      }
    }
    if (editors.size() > 1) {
      text.append("\n");
      for (PersonIdent co : editors.subList(1, editors.size())) {
        text.append("Co-authored-by: ")
            .append(co.getName())
            .append(" <")
            .append(co.getEmailAddress())
            .append(">\n");
      }
    }
    return text.toString();
  }
}
