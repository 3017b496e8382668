package io.quire.git.push;

import io.quire.common.blob.BlobStore;
import io.quire.common.blob.Hashes;
import io.quire.common.collab.ChangeSet;
import io.quire.common.collab.DocUpdate;
import io.quire.common.project.Doc;
import io.quire.common.project.DocStore;
import io.quire.common.project.Entity;
import io.quire.common.project.EntityKind;
import io.quire.common.project.FileClassifier;
import io.quire.common.project.Project;
import io.quire.common.project.ProjectStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * Applies a pushed tree to a project: edited documents by ordinary updates (open editors see them
 * live; edits made in Quire meanwhile are merged, not overwritten), new text files as documents,
 * binaries into the blob store, and adds, deletes and renames as one conditional tree replacement
 * (computed again on the fresh tree when someone else changed it meanwhile).
 */
final class PushApplier {
  private static final int MAX_TREE_ATTEMPTS = 20;

  private final ProjectStore projects;
  private final DocStore docs;
  private final BlobStore blobs;
  private final long maxDocBytes;

  PushApplier(ProjectStore projects, DocStore docs, BlobStore blobs, long maxDocBytes) {
    this.projects = projects;
    this.docs = docs;
    this.blobs = blobs;
    this.maxDocBytes = maxDocBytes;
  }

  /**
   * The outcome: the tree version after the push, whether the push changed the tree (adds, deletes,
   * renames) rather than only document texts, and the paths it touched.
   */
  record Applied(long treeVersion, boolean treeChanged, List<String> paths) {}

  private record TextEdit(String docId, String path, String base, String pushed) {}

  Applied apply(Repository repo, String projectId, ObjectId base, ObjectId pushed, String userId)
      throws IOException {
    Map<String, ObjectId> before = base == null ? Map.of() : files(repo, base);
    Map<String, ObjectId> after = files(repo, pushed);
    Map<String, Entity> created = new HashMap<>();
    Set<String> touched = new TreeSet<>();
    for (int attempt = 0; attempt < MAX_TREE_ATTEMPTS; attempt++) {
      Project project =
          projects
              .find(projectId)
              .orElseThrow(() -> new IllegalStateException("project " + projectId + " is gone"));
      Plan plan = plan(repo, project, before, after, created, userId);
      boolean sameTree = plan.entities.equals(project.entities());
      if (sameTree || projects.replaceTree(projectId, project.treeVersion(), plan.entities)) {
        long treeVersion = sameTree ? project.treeVersion() : project.treeVersion() + 1;
        Set<String> kept = new HashSet<>();
        plan.entities.stream().filter(e -> e.docId() != null).forEach(e -> kept.add(e.docId()));
        created.values().stream()
            .filter(e -> !kept.contains(e.docId()))
            .forEach(e -> docs.delete(e.docId()));
        project.entities().stream()
            .filter(e -> e.docId() != null && !kept.contains(e.docId()))
            .forEach(e -> docs.delete(e.docId()));
        for (TextEdit edit : plan.edits) {
          mergeInto(edit, userId);
        }
        touched.addAll(plan.touched);
        return new Applied(treeVersion, !sameTree, List.copyOf(touched));
      }
    }
    created.values().forEach(e -> docs.delete(e.docId()));
    throw new IllegalStateException("project " + projectId + " keeps changing; push again");
  }

  private static final class Plan {
    final List<Entity> entities = new ArrayList<>();
    final List<TextEdit> edits = new ArrayList<>();
    final Set<String> touched = new TreeSet<>();
  }

  private Plan plan(
      Repository repo,
      Project project,
      Map<String, ObjectId> before,
      Map<String, ObjectId> after,
      Map<String, Entity> created,
      String userId)
      throws IOException {
    Plan plan = new Plan();
    Map<String, Entity> current = new LinkedHashMap<>();
    project.entities().forEach(e -> current.put(e.path(), e));
    // an exact rename keeps the document (its id, history and open editors)
    Map<ObjectId, List<String>> removedByBlob = new HashMap<>();
    before.forEach(
        (path, blob) -> {
          if (!after.containsKey(path)) {
            removedByBlob.computeIfAbsent(blob, b -> new ArrayList<>()).add(path);
            plan.touched.add(path);
          }
        });
    Set<String> filePaths = new HashSet<>();
    for (Map.Entry<String, ObjectId> file : after.entrySet()) {
      String path = file.getKey();
      ObjectId blob = file.getValue();
      filePaths.add(path);
      Entity existing = current.get(path);
      if (existing != null && !existing.isFolder() && blob.equals(before.get(path))) {
        plan.entities.add(existing);
        continue;
      }
      plan.touched.add(path);
      byte[] bytes = read(repo, blob);
      Optional<String> text = FileClassifier.asDocText(path, bytes, maxDocBytes);
      if (text.isPresent() && existing != null && existing.kind() == EntityKind.DOC) {
        plan.entities.add(existing);
        String baseText =
            before.containsKey(path)
                ? new String(read(repo, before.get(path)), StandardCharsets.UTF_8)
                : null;
        plan.edits.add(new TextEdit(existing.docId(), path, baseText, text.get()));
        continue;
      }
      Optional<Entity> renamed = takeRenamed(removedByBlob, blob, current);
      if (renamed.isPresent()) {
        plan.entities.add(renamed.get().movedTo(path));
        continue;
      }
      if (text.isPresent()) {
        Entity doc =
            created.computeIfAbsent(
                path, p -> Entity.doc(p, docs.create(project.id(), text.get()).id()));
        plan.entities.add(doc);
      } else {
        String sha = Hashes.sha256(bytes);
        plan.entities.add(
            existing != null && sha.equals(existing.sha256())
                ? existing
                : Entity.file(path, blobs.put(bytes), bytes.length));
      }
    }
    // git has no empty folders: keep those it could not see, add the parents of every file
    Set<String> folders = new TreeSet<>();
    for (Entity e : project.entities()) {
      if (e.isFolder()
          && before.keySet().stream().noneMatch(p -> p.startsWith(e.path() + "/"))
          && !filePaths.contains(e.path())) {
        folders.add(e.path());
      }
      boolean unseen =
          !e.isFolder() && !before.containsKey(e.path()) && !after.containsKey(e.path());
      if (unseen && filePaths.stream().noneMatch(p -> p.startsWith(e.path() + "/"))) {
        // added in Quire after the commit this push builds on: not ours to delete
        plan.entities.add(e);
        filePaths.add(e.path());
      }
    }
    for (String path : filePaths) {
      for (int slash = path.indexOf('/'); slash > 0; slash = path.indexOf('/', slash + 1)) {
        folders.add(path.substring(0, slash));
      }
    }
    folders.removeAll(filePaths);
    folders.forEach(f -> plan.entities.add(current.getOrDefault(f, Entity.folder(f))));
    return plan;
  }

  private static Optional<Entity> takeRenamed(
      Map<ObjectId, List<String>> removedByBlob, ObjectId blob, Map<String, Entity> current) {
    List<String> candidates = removedByBlob.get(blob);
    if (candidates == null) {
      return Optional.empty();
    }
    for (String from : List.copyOf(candidates)) {
      Entity e = current.get(from);
      if (e != null && !e.isFolder()) {
        candidates.remove(from);
        return Optional.of(e);
      }
    }
    return Optional.empty();
  }

  /**
   * Brings a document to the pushed text by an ordinary update, merging edits made in Quire since
   * the commit the push builds on; appended against a known version, so a concurrent edit makes it
   * merge again rather than overwrite.
   */
  private void mergeInto(TextEdit edit, String userId) {
    for (int attempt = 0; attempt < MAX_TREE_ATTEMPTS * 5; attempt++) {
      Optional<Doc> current = docs.find(edit.docId());
      if (current.isEmpty()) {
        return;
      }
      String text = current.get().text();
      String merged =
          edit.base() == null ? edit.pushed() : TextMerge.merge(edit.base(), text, edit.pushed());
      if (merged.equals(text)) {
        return;
      }
      if (docs.append(current.get(), ChangeSet.diff(text, merged), userId, DocUpdate.SERVER_CLIENT)
          .isPresent()) {
        return;
      }
    }
    throw new IllegalStateException("document " + edit.path() + " keeps changing; push again");
  }

  private static Map<String, ObjectId> files(Repository repo, ObjectId commit) throws IOException {
    Map<String, ObjectId> files = new LinkedHashMap<>();
    try (RevWalk walk = new RevWalk(repo);
        TreeWalk tree = new TreeWalk(repo)) {
      tree.addTree(walk.parseCommit(commit).getTree());
      tree.setRecursive(true);
      while (tree.next()) {
        files.put(tree.getPathString(), tree.getObjectId(0));
      }
    }
    return files;
  }

  private static byte[] read(Repository repo, ObjectId blob) {
    try (InputStream in = repo.open(blob).openStream()) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
