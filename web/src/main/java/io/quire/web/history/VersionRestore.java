package io.quire.web.history;

import io.quire.common.blob.BlobStore;
import io.quire.common.blob.Hashes;
import io.quire.common.history.FileState;
import io.quire.common.history.Version;
import io.quire.common.project.DocStore;
import io.quire.common.project.Entity;
import io.quire.common.project.EntityKind;
import io.quire.common.project.Project;
import io.quire.web.history.HistoryViews.RestoreResult;
import io.quire.web.project.ProjectService;
import io.quire.web.system.ApiException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Restores one file or the whole project to a version by ordinary writes: a document's text is
 * replaced by an update (open editors see it live), other files are uploaded again, files the
 * version did not have are deleted; files that already have the version's content are left alone.
 * The restore is then itself a change that history records.
 */
@Component
class VersionRestore {
  private final ProjectService projects;
  private final BlobStore blobs;
  private final DocStore docs;

  VersionRestore(ProjectService projects, BlobStore blobs, DocStore docs) {
    this.projects = projects;
    this.blobs = blobs;
    this.docs = docs;
  }

  RestoreResult file(Project project, Version version, String path, String userId) {
    FileState state =
        version.files().stream()
            .filter(f -> f.path().equals(path))
            .findFirst()
            .orElseThrow(
                () ->
                    ApiException.notFound(
                        "Version " + version.number() + " has no file " + path + "."));
    write(project, state, userId);
    return new RestoreResult(version.number(), List.of(path), List.of());
  }

  RestoreResult project(Project project, Version version, String userId) {
    Set<String> kept = new HashSet<>();
    version.files().forEach(f -> kept.add(f.path()));
    List<String> deleted = new ArrayList<>();
    for (Entity entity : project.entities()) {
      boolean fileGone = !entity.isFolder() && !kept.contains(entity.path());
      boolean folderInTheWay = entity.isFolder() && kept.contains(entity.path());
      boolean insideDeleted = deleted.stream().anyMatch(d -> entity.path().startsWith(d + "/"));
      if ((fileGone || folderInTheWay) && !insideDeleted) {
        projects.delete(project.id(), userId, entity.path());
        deleted.add(entity.path());
      }
    }
    // a folder the restore emptied goes too; one that was empty before stays, since versions hold
    // files only and cannot tell whether it belongs
    List<Entity> folders =
        project.entities().stream()
            .filter(Entity::isFolder)
            .sorted(java.util.Comparator.comparingInt(e -> e.path().length()))
            .toList();
    for (Entity folder : folders) {
      String prefix = folder.path() + "/";
      boolean gone =
          deleted.stream()
              .anyMatch(d -> folder.path().equals(d) || folder.path().startsWith(d + "/"));
      boolean hadFiles =
          project.entities().stream().anyMatch(e -> !e.isFolder() && e.path().startsWith(prefix));
      boolean keepsFiles = kept.stream().anyMatch(path -> path.startsWith(prefix));
      if (!gone && hadFiles && !keepsFiles) {
        projects.delete(project.id(), userId, folder.path());
        deleted.add(folder.path());
      }
    }
    List<String> restored = new ArrayList<>();
    for (FileState state : version.files()) {
      Optional<Entity> current = project.entity(state.path());
      boolean same =
          current.isPresent()
              && !deleted.contains(state.path())
              && sameContent(current.get(), state);
      if (!same) {
        write(project, state, userId);
        restored.add(state.path());
      }
    }
    return new RestoreResult(version.number(), restored, deleted);
  }

  /** Whether a file of the project already has the content the version gives it. */
  private boolean sameContent(Entity current, FileState state) {
    if (state.isDoc()) {
      return current.kind() == EntityKind.DOC
          && docs.find(current.docId())
              .map(d -> Hashes.sha256(d.text().getBytes(StandardCharsets.UTF_8)))
              .filter(state.hash()::equals)
              .isPresent();
    }
    return current.kind() == EntityKind.FILE && state.hash().equals(current.sha256());
  }

  private void write(Project project, FileState state, String userId) {
    byte[] content =
        blobs
            .get(state.hash())
            .orElseThrow(
                () -> ApiException.unavailable("The content of " + state.path() + " is missing."));
    projects.write(project.id(), userId, state.path(), content);
  }
}
