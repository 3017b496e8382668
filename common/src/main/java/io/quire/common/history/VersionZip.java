package io.quire.common.history;

import io.quire.common.blob.BlobStore;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes a version as a zip, streaming each blob from the store into the target: memory stays
 * bounded by one copy buffer whatever the project's size. Entries are in path order and dated with
 * the version's last change, so two zips of the same version are the same bytes.
 */
public final class VersionZip {
  private final BlobStore blobs;

  public VersionZip(BlobStore blobs) {
    this.blobs = blobs;
  }

  /**
   * What was written.
   *
   * @param entries files in the zip
   * @param bytes size of the zip
   * @param missing paths whose content the blob store did not have (left out)
   */
  public record Written(int entries, long bytes, List<String> missing) {}

  /** Writes the zip and finishes it; the target is left open. */
  public Written write(Version version, OutputStream target) throws IOException {
    Counting counted = new Counting(target);
    ZipOutputStream zip = new ZipOutputStream(counted, StandardCharsets.UTF_8);
    FileTime time = FileTime.from(version.endedAt());
    int entries = 0;
    List<String> missing = new ArrayList<>();
    for (FileState file : version.files()) {
      Optional<InputStream> content = blobs.open(file.hash());
      if (content.isEmpty()) {
        missing.add(file.path()); // a lost blob: export the rest rather than nothing
        continue;
      }
      ZipEntry entry = new ZipEntry(file.path());
      entry.setLastModifiedTime(time);
      zip.putNextEntry(entry);
      try (InputStream in = content.get()) {
        in.transferTo(zip);
      }
      zip.closeEntry();
      entries++;
    }
    zip.finish();
    zip.flush();
    return new Written(entries, counted.count, missing);
  }

  /** Total bytes of a version's files: what a zip of it roughly weighs before compression. */
  public static long contentSize(Version version) {
    return version.files().stream().mapToLong(FileState::size).sum();
  }

  private static final class Counting extends FilterOutputStream {
    long count;

    Counting(OutputStream out) {
      super(out);
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      count += len;
    }
  }
}
