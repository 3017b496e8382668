package io.quire.web.project;

import io.quire.common.blob.BlobStore;
import io.quire.common.project.DocStore;
import io.quire.common.project.Entity;
import io.quire.common.project.Project;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes a project as a zip straight to the response: blobs are streamed from the store, so a large
 * project never sits in memory whole.
 */
final class ZipExport {
  private final DocStore docs;
  private final BlobStore blobs;

  ZipExport(DocStore docs, BlobStore blobs) {
    this.docs = docs;
    this.blobs = blobs;
  }

  void write(Project project, OutputStream target) throws IOException {
    ZipOutputStream zip = new ZipOutputStream(target, StandardCharsets.UTF_8);
    for (Entity e :
        project.entities().stream().sorted(Comparator.comparing(Entity::path)).toList()) {
      switch (e.kind()) {
        case FOLDER -> {
          zip.putNextEntry(new ZipEntry(e.path() + "/"));
          zip.closeEntry();
        }
        case DOC -> {
          zip.putNextEntry(new ZipEntry(e.path()));
          String text = docs.find(e.docId()).map(d -> d.text()).orElse("");
          zip.write(text.getBytes(StandardCharsets.UTF_8));
          zip.closeEntry();
        }
        case FILE -> {
          var content = blobs.open(e.sha256());
          if (content.isEmpty()) {
            continue; // a lost blob: export the rest rather than nothing
          }
          zip.putNextEntry(new ZipEntry(e.path()));
          try (InputStream in = content.get()) {
            in.transferTo(zip);
          }
          zip.closeEntry();
        }
      }
    }
    zip.finish();
  }
}
