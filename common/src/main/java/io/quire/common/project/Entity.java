package io.quire.common.project;

/**
 * One entry of a project's file tree.
 *
 * @param path project-relative path with forward slashes
 * @param docId the text document, for {@link EntityKind#DOC}
 * @param sha256 the blob, for {@link EntityKind#FILE}
 * @param size bytes, for files
 */
public record Entity(String path, EntityKind kind, String docId, String sha256, long size) {

  public static Entity doc(String path, String docId) {
    return new Entity(path, EntityKind.DOC, docId, null, 0);
  }

  public static Entity file(String path, String sha256, long size) {
    return new Entity(path, EntityKind.FILE, null, sha256, size);
  }

  public static Entity folder(String path) {
    return new Entity(path, EntityKind.FOLDER, null, null, 0);
  }

  public Entity movedTo(String newPath) {
    return new Entity(newPath, kind, docId, sha256, size);
  }

  public boolean isFolder() {
    return kind == EntityKind.FOLDER;
  }
}
