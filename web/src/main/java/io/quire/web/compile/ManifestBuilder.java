package io.quire.web.compile;

import io.quire.common.blob.BlobStore;
import io.quire.common.blob.Hashes;
import io.quire.common.contract.ManifestEntry;
import io.quire.common.project.Doc;
import io.quire.common.project.DocStore;
import io.quire.common.project.Entity;
import io.quire.common.project.Project;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * Turns a project into a compile manifest: every file with its SHA-256 and size, doc texts written
 * to the blob store by hash. A doc version already hashed and stored is not hashed again.
 */
@Component
class ManifestBuilder {
  private static final int MEMO_LIMIT = 50_000;

  private record Hashed(long version, String sha256, long size) {}

  private final DocStore docs;
  private final BlobStore blobs;
  private final Map<String, Hashed> hashedDocs = new ConcurrentHashMap<>();

  ManifestBuilder(DocStore docs, BlobStore blobs) {
    this.docs = docs;
    this.blobs = blobs;
  }

  List<ManifestEntry> build(Project project) {
    Map<String, Doc> byId =
        docs.findByProject(project.id()).stream()
            .collect(Collectors.toMap(Doc::id, Function.identity()));
    List<ManifestEntry> manifest = new ArrayList<>();
    for (Entity entity : project.entities()) {
      switch (entity.kind()) {
        case FILE -> manifest.add(new ManifestEntry(entity.path(), entity.sha256(), entity.size()));
        case DOC -> {
          Doc doc = byId.get(entity.docId());
          if (doc != null) {
            Hashed hashed = hash(doc);
            manifest.add(new ManifestEntry(entity.path(), hashed.sha256(), hashed.size()));
          }
        }
        case FOLDER -> {}
      }
    }
    manifest.sort(Comparator.comparing(ManifestEntry::path));
    return manifest;
  }

  private Hashed hash(Doc doc) {
    Hashed known = hashedDocs.get(doc.id());
    if (known != null && known.version() == doc.version()) {
      return known;
    }
    byte[] bytes = doc.text().getBytes(StandardCharsets.UTF_8);
    String sha = blobs.put(bytes);
    Hashed hashed = new Hashed(doc.version(), sha, bytes.length);
    if (hashedDocs.size() > MEMO_LIMIT) {
      hashedDocs.clear();
    }
    hashedDocs.put(doc.id(), hashed);
    return hashed;
  }

  /** The cache key: equal keys mean equal inputs, so equal results. */
  static String cacheKey(
      List<ManifestEntry> manifest, io.quire.common.contract.CompileOptions options, String image) {
    var digest = Hashes.digest();
    digest.update(("quire-compile-v1\n" + image + "\n").getBytes(StandardCharsets.UTF_8));
    digest.update(
        (options.compiler().wireName()
                + "\n"
                + options.rootPath()
                + "\n"
                + options.draft()
                + "\n"
                + options.stopOnFirstError()
                + "\n")
            .getBytes(StandardCharsets.UTF_8));
    for (ManifestEntry entry : manifest) {
      digest.update(
          (entry.path() + "\0" + entry.sha256() + "\0" + entry.size() + "\n")
              .getBytes(StandardCharsets.UTF_8));
    }
    return java.util.HexFormat.of().formatHex(digest.digest());
  }
}
