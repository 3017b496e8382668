package io.quire.web.project;

import io.quire.common.blob.BlobStore;
import io.quire.common.contract.Compiler;
import io.quire.common.contract.ProjectChangedEvent;
import io.quire.common.messaging.MessagePublisher;
import io.quire.common.project.Doc;
import io.quire.common.project.DocStore;
import io.quire.common.project.Entity;
import io.quire.common.project.EntityKind;
import io.quire.common.project.FileClassifier;
import io.quire.common.project.Project;
import io.quire.common.project.ProjectPaths;
import io.quire.common.project.ProjectStore;
import io.quire.web.system.ApiException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

/**
 * Changes to projects and their trees. A tree change reloads the project, computes the new tree and
 * writes it only if nobody else changed it meanwhile (by {@code treeVersion}); on a conflict it
 * starts over on the fresh tree, so two users renaming at once never lose either change.
 */
@Service
public class ProjectService {
  private static final Logger LOG = LoggerFactory.getLogger(ProjectService.class);
  private static final int MAX_TREE_ATTEMPTS = 20;

  static final String BLANK_MAIN =
      """
      \\documentclass{article}
      \\usepackage[utf8]{inputenc}

      \\title{%s}
      \\author{}
      \\date{\\today}

      \\begin{document}
      \\maketitle

      \\section{Introduction}
      Write here.

      \\end{document}
      """;

  private final ProjectStore projects;
  private final DocStore docs;
  private final BlobStore blobs;
  private final ProjectLimits limits;
  private final MessagePublisher publisher;
  private final ApplicationEventPublisher localEvents;

  ProjectService(
      ProjectStore projects,
      DocStore docs,
      BlobStore blobs,
      ProjectLimits limits,
      MessagePublisher publisher,
      ApplicationEventPublisher localEvents) {
    this.projects = projects;
    this.docs = docs;
    this.blobs = blobs;
    this.limits = limits;
    this.publisher = publisher;
    this.localEvents = localEvents;
  }

  public Project createBlank(String ownerId, String name) {
    Project project = projects.create(name, ownerId, List.of(), "main.tex", Compiler.PDFLATEX);
    Doc main = docs.create(project.id(), BLANK_MAIN.formatted(escapeTex(name)));
    changeTree(
        project.id(), ownerId, entities -> append(entities, Entity.doc("main.tex", main.id())));
    return projects.find(project.id()).orElseThrow();
  }

  /**
   * Creates a project from an imported zip. Limits are checked before anything is created, and a
   * failure after that removes what was made, so a refused import leaves no project behind.
   */
  Project createFromImport(String ownerId, String name, ZipImport.ImportedTree tree) {
    List<Entity> entities = new ArrayList<>();
    for (String folder : tree.folders()) {
      entities = withParents(entities, folder + "/x");
    }
    Map<String, ZipImport.ImportedFile> documents = new HashMap<>();
    for (ZipImport.ImportedFile file : tree.files()) {
      entities = withParents(entities, file.path());
      entities.add(
          file.document()
              ? Entity.doc(file.path(), "pending")
              : Entity.file(file.path(), file.sha256(), file.size()));
      if (file.document()) {
        documents.put(file.path(), file);
      }
    }
    long docBytes = documents.values().stream().mapToLong(ZipImport.ImportedFile::size).sum();
    checkLimits(entities, docBytes);
    Project project =
        projects.create(
            name,
            ownerId,
            List.of(),
            tree.rootPath(),
            tree.compiler() == null ? Compiler.PDFLATEX : tree.compiler());
    try {
      List<Entity> withDocs = new ArrayList<>();
      for (Entity e : entities) {
        if (e.kind() == EntityKind.DOC) {
          // one text in memory at a time: the rest wait in the import's spool
          String text = tree.text(documents.get(e.path()));
          withDocs.add(Entity.doc(e.path(), docs.create(project.id(), text).id()));
        } else {
          withDocs.add(e);
        }
      }
      if (!projects.replaceTree(project.id(), project.treeVersion(), withDocs)) {
        throw new IllegalStateException("new project " + project.id() + " changed while created");
      }
    } catch (RuntimeException e) {
      projects.markDeleted(project.id());
      docs.deleteByProject(project.id());
      throw e;
    }
    published(project.id(), ownerId, "tree", project.treeVersion() + 1, null);
    return projects.find(project.id()).orElseThrow();
  }

  /**
   * Copies a project for a user: documents are duplicated (each copy is edited on its own), binary
   * files share their blobs (content-addressed, never changed in place).
   */
  Project copy(Project source, String ownerId, String name) {
    Project copy = projects.create(name, ownerId, List.of(), source.rootPath(), source.compiler());
    List<Entity> entities = new ArrayList<>();
    for (Entity e : source.entities()) {
      if (e.kind() == EntityKind.DOC) {
        String text = docs.find(e.docId()).map(Doc::text).orElse("");
        entities.add(Entity.doc(e.path(), docs.create(copy.id(), text).id()));
      } else {
        entities.add(e);
      }
    }
    projects.replaceTree(copy.id(), copy.treeVersion(), entities);
    if (source.texImage() != null) {
      projects.updateSettings(copy.id(), null, null, null, source.texImage());
    }
    return projects.find(copy.id()).orElseThrow();
  }

  /** Deletes a project for good: it disappears at once and its documents go with it. */
  void deleteProject(String projectId) {
    long treeVersion = projects.find(projectId).map(Project::treeVersion).orElse(0L);
    projects.markDeleted(projectId);
    docs.deleteByProject(projectId);
    published(projectId, "system", "deleted", treeVersion, null);
  }

  /**
   * What a path holds, for reading.
   *
   * @param tag changes whenever the content does: the document and its version, or the blob hash
   */
  public record FileContent(Entity entity, byte[] bytes, String tag) {}

  public FileContent read(Project project, String path) {
    String clean = checkPath(path);
    Entity entity =
        project
            .entity(clean)
            .orElseThrow(() -> ApiException.notFound("There is no file " + clean + "."));
    return switch (entity.kind()) {
      case DOC -> {
        Doc doc =
            docs.find(entity.docId())
                .orElseThrow(() -> ApiException.notFound("The document " + clean + " is gone."));
        yield new FileContent(
            entity, doc.text().getBytes(StandardCharsets.UTF_8), doc.id() + "-" + doc.version());
      }
      case FILE ->
          new FileContent(
              entity,
              blobs
                  .get(entity.sha256())
                  .orElseThrow(
                      () -> ApiException.notFound("The content of " + clean + " is gone.")),
              entity.sha256());
      case FOLDER -> throw ApiException.badRequest(clean + " is a folder; read its files.");
    };
  }

  /**
   * Writes a file: an editable document when it is text, else a binary file.
   *
   * @return whether the path was created (rather than replaced)
   */
  public boolean write(String projectId, String userId, String path, byte[] content) {
    String clean = checkPath(path);
    if (content.length > limits.maxUpload().toBytes()) {
      throw ApiException.tooLarge(
          clean
              + " is larger than the upload limit of "
              + ProjectLimits.describe(limits.maxUpload())
              + ".");
    }
    Optional<String> text = FileClassifier.asDocText(clean, content, limits.maxDocSize().toBytes());
    Project project = projects.find(projectId).orElseThrow();
    Optional<Entity> existing = project.entity(clean);
    if (existing.isPresent() && existing.get().kind() == EntityKind.DOC && text.isPresent()) {
      long before = docs.find(existing.get().docId()).map(d -> utf8Bytes(d.text())).orElse(0L);
      checkLimits(project.entities(), docs.storedBytes(projectId) - before + utf8Bytes(text.get()));
      docs.replaceText(existing.get().docId(), text.get(), userId);
      published(projectId, userId, "doc", project.treeVersion(), clean);
      return false;
    }
    // a new entity, or a kind change: prepare the content first, then swap it into the tree
    Entity replacement;
    if (text.isPresent()) {
      replacement = Entity.doc(clean, docs.create(projectId, text.get()).id());
    } else {
      replacement = Entity.file(clean, blobs.put(content), content.length);
    }
    // the new document is stored already; the one it replaces still counts (a little strict for
    // the moment of a swap)
    long docBytes = docs.storedBytes(projectId);
    boolean[] created = {false};
    Project after;
    try {
      after =
          changeTree(
              projectId,
              userId,
              entities -> {
                Optional<Entity> current =
                    entities.stream().filter(e -> e.path().equals(clean)).findFirst();
                if (current.isPresent() && current.get().isFolder()) {
                  throw ApiException.conflict(clean + " is a folder.");
                }
                created[0] = current.isEmpty();
                List<Entity> next = new ArrayList<>();
                for (Entity e : entities) {
                  if (!e.path().equals(clean)) {
                    next.add(e);
                  }
                }
                next = withParents(next, clean);
                next.add(replacement);
                checkLimits(next, docBytes);
                return next;
              });
    } catch (RuntimeException e) {
      if (replacement.docId() != null) {
        docs.delete(replacement.docId());
      }
      throw e;
    }
    existing.filter(e -> e.kind() == EntityKind.DOC).ifPresent(e -> docs.delete(e.docId()));
    LOG.debug("Wrote {} in project {} (tree {})", clean, projectId, after.treeVersion());
    return created[0];
  }

  public void createFolder(String projectId, String userId, String path) {
    String clean = checkPath(path);
    changeTree(
        projectId,
        userId,
        entities -> {
          if (entities.stream().anyMatch(e -> e.path().equals(clean))) {
            throw ApiException.conflict(clean + " already exists.");
          }
          List<Entity> next = withParents(new ArrayList<>(entities), clean);
          next.add(Entity.folder(clean));
          return next;
        });
  }

  /** Deletes a file or a folder with everything in it. */
  public void delete(String projectId, String userId, String path) {
    String clean = checkPath(path);
    List<Entity> removed = new ArrayList<>();
    changeTree(
        projectId,
        userId,
        entities -> {
          removed.clear();
          List<Entity> next = new ArrayList<>();
          for (Entity e : entities) {
            if (e.path().equals(clean) || e.path().startsWith(clean + "/")) {
              removed.add(e);
            } else {
              next.add(e);
            }
          }
          if (removed.isEmpty()) {
            throw ApiException.notFound("There is no file " + clean + ".");
          }
          return next;
        });
    removed.stream().filter(e -> e.docId() != null).forEach(e -> docs.delete(e.docId()));
  }

  /** Renames or moves a file or folder (with its contents). */
  public void move(String projectId, String userId, String from, String to) {
    String source = checkPath(from);
    String target = checkPath(to);
    if (target.equals(source) || target.startsWith(source + "/")) {
      throw ApiException.badRequest("Cannot move " + source + " into itself.");
    }
    changeTree(
        projectId,
        userId,
        entities -> {
          if (entities.stream().noneMatch(e -> e.path().equals(source))) {
            throw ApiException.notFound("There is no file " + source + ".");
          }
          if (entities.stream()
              .anyMatch(e -> e.path().equals(target) || e.path().startsWith(target + "/"))) {
            throw ApiException.conflict(target + " already exists.");
          }
          List<Entity> next = new ArrayList<>();
          for (Entity e : entities) {
            if (e.path().equals(source)) {
              next.add(e.movedTo(target));
            } else if (e.path().startsWith(source + "/")) {
              next.add(e.movedTo(target + e.path().substring(source.length())));
            } else {
              next.add(e);
            }
          }
          return withParents(next, target);
        });
  }

  /**
   * Applies a change to the tree with optimistic concurrency.
   *
   * @param change computes the new tree from the current one; may throw to refuse
   */
  Project changeTree(String projectId, String userId, Function<List<Entity>, List<Entity>> change) {
    for (int attempt = 0; attempt < MAX_TREE_ATTEMPTS; attempt++) {
      Project project =
          projects
              .find(projectId)
              .orElseThrow(() -> ApiException.notFound("There is no project " + projectId + "."));
      List<Entity> next = change.apply(project.entities());
      if (projects.replaceTree(projectId, project.treeVersion(), next)) {
        published(projectId, userId, "tree", project.treeVersion() + 1, null);
        return projects.find(projectId).orElseThrow();
      }
      backOff(attempt);
    }
    throw ApiException.conflict("The project is being changed by others right now; try again.");
  }

  /** A short random wait after losing a race, so writers that collided do not collide again. */
  private static void backOff(int attempt) {
    try {
      Thread.sleep(java.util.concurrent.ThreadLocalRandom.current().nextInt(1, 3 + 2 * attempt));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApiException.unavailable("Interrupted while changing the project; try again.");
    }
  }

  /**
   * Refuses a tree over the file-count or size limit.
   *
   * @param docBytes bytes of the project's editable documents (the tree holds only their ids)
   */
  private void checkLimits(List<Entity> entities, long docBytes) {
    long files = entities.stream().filter(e -> !e.isFolder()).count();
    if (files > limits.maxFiles()) {
      throw ApiException.badRequest(
          "A project may hold at most "
              + limits.maxFiles()
              + " files; this one would have "
              + files
              + ".");
    }
    long bytes = entities.stream().mapToLong(Entity::size).sum() + docBytes;
    if (bytes > limits.maxProjectSize().toBytes()) {
      throw ApiException.tooLarge(
          "The project would exceed its size limit of "
              + ProjectLimits.describe(limits.maxProjectSize())
              + ".");
    }
  }

  private static long utf8Bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8).length;
  }

  /** Adds folder entries for every missing parent; refuses a parent that is a file. */
  static List<Entity> withParents(List<Entity> entities, String path) {
    List<Entity> next = new ArrayList<>(entities);
    int slash = path.indexOf('/');
    while (slash > 0) {
      String parent = path.substring(0, slash);
      Optional<Entity> existing = next.stream().filter(e -> e.path().equals(parent)).findFirst();
      if (existing.isEmpty()) {
        next.add(Entity.folder(parent));
      } else if (!existing.get().isFolder()) {
        throw ApiException.conflict(parent + " is a file, not a folder.");
      }
      slash = path.indexOf('/', slash + 1);
    }
    return next;
  }

  static String checkPath(String path) {
    String clean = path == null ? "" : path.strip();
    while (clean.startsWith("/")) {
      clean = clean.substring(1);
    }
    if (!ProjectPaths.isSafe(clean)) {
      throw ApiException.badRequest(
          "Invalid path '"
              + path
              + "': use a relative path without '..', empty parts or control characters.");
    }
    return clean;
  }

  private static List<Entity> append(List<Entity> entities, Entity entity) {
    List<Entity> next = new ArrayList<>(entities);
    next.add(entity);
    return next;
  }

  private void published(
      String projectId, String userId, String change, long treeVersion, String path) {
    ProjectChangedEvent event =
        new ProjectChangedEvent(
            UUID.randomUUID().toString(),
            projectId,
            userId,
            Instant.now(),
            change,
            treeVersion,
            path == null ? List.of() : List.of(path));
    // in this process too, for features that react to changes (history)
    localEvents.publishEvent(event);
    try {
      publisher.publishEvent(event);
    } catch (RuntimeException e) {
      // the change is stored; listeners catch up from the data on their next job
      LOG.warn("Could not publish the change of project {}: {}", projectId, e.toString());
    }
  }

  static String escapeTex(String text) {
    return text.replaceAll("([\\\\{}$&#^_%~])", "\\\\$1");
  }
}
