package io.quire.web.project;

import io.quire.common.blob.BlobStore;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Optional;
import org.springframework.util.unit.DataSize;

/**
 * One zip import in a JVM of its own, with the heap {@link ZipImportMemoryIT} gives it: reads the
 * zip named by the first argument with limits far above the heap and prints how many files it
 * holds. The zips it is given hold documents only, so a blob stored would be a bug.
 */
final class ZipImportProbe {
  private ZipImportProbe() {}

  public static void main(String[] args) throws Exception {
    ProjectLimits limits =
        new ProjectLimits(
            2000,
            DataSize.ofGigabytes(4),
            DataSize.ofMegabytes(2),
            DataSize.ofMegabytes(50),
            DataSize.ofGigabytes(4));
    ZipImport zipImport = new ZipImport(limits, new DocumentsOnly());
    Object tree = zipImport.read(Path.of(args[0]));
    System.out.println("files=" + ((ZipImport.ImportedTree) tree).files().size());
    if (tree instanceof AutoCloseable spool) {
      spool.close();
    }
  }

  /** The probe's zips hold documents only; a binary file reaching the blob store is a bug. */
  private static final class DocumentsOnly implements BlobStore {
    @Override
    public String put(byte[] content) {
      throw new IllegalStateException("the probe's zip holds documents only");
    }

    @Override
    public Optional<byte[]> get(String sha256) {
      return Optional.empty();
    }

    @Override
    public Optional<InputStream> open(String sha256) {
      return Optional.empty();
    }

    @Override
    public boolean exists(String sha256) {
      return false;
    }

    @Override
    public io.quire.common.blob.BlobUpload create(String area, String name) {
      throw new UnsupportedOperationException("the probe writes no named objects");
    }

    @Override
    public Optional<InputStream> open(String area, String name) {
      throw new UnsupportedOperationException("the probe reads no named objects");
    }

    @Override
    public void delete(String area, String name) {
      throw new UnsupportedOperationException("the probe deletes nothing");
    }

    @Override
    public String checkAccess() {
      return "none";
    }
  }
}
