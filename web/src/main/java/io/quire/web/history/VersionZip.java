package io.quire.web.history;

import io.quire.common.blob.BlobStore;
import io.quire.common.history.FileState;
import io.quire.common.history.Version;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes a version as a zip, streaming each blob from the store into the response: memory stays
 * bounded by one copy buffer whatever the project's size, and the response is written by Spring's
 * async task executor rather than a request thread.
 */
final class VersionZip {
  private final BlobStore blobs;

  VersionZip(BlobStore blobs) {
    this.blobs = blobs;
  }

  void write(Version version, OutputStream target) throws IOException {
    ZipOutputStream zip = new ZipOutputStream(target, StandardCharsets.UTF_8);
    for (FileState file : version.files()) {
      Optional<InputStream> content = blobs.open(file.hash());
      if (content.isEmpty()) {
        continue; // a lost blob: export the rest rather than nothing
      }
      zip.putNextEntry(new ZipEntry(file.path()));
      try (InputStream in = content.get()) {
        in.transferTo(zip);
      }
      zip.closeEntry();
    }
    zip.finish();
  }
}
