package io.quire.common.blob;

import static com.mongodb.client.model.Filters.eq;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.gridfs.GridFSBucket;
import com.mongodb.client.gridfs.GridFSBuckets;
import com.mongodb.client.gridfs.model.GridFSFile;
import com.mongodb.client.gridfs.model.GridFSUploadOptions;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.util.Optional;
import org.bson.Document;

/**
 * Blobs in GridFS of the same MongoDB: works on one machine and in a replica set alike. The GridFS
 * file name is the hash. Two writers racing on new content may both upload it; the copies are
 * identical, so a reader taking either is correct.
 */
public final class GridFsBlobStore implements BlobStore {
  private final GridFSBucket bucket;

  public GridFsBlobStore(MongoDatabase database) {
    this.bucket = GridFSBuckets.create(database, "blobs");
  }

  @Override
  public String put(byte[] content) {
    String hash = Hashes.sha256(content);
    if (!exists(hash)) {
      bucket.uploadFromStream(
          hash,
          new ByteArrayInputStream(content),
          new GridFSUploadOptions().metadata(new Document("size", content.length)));
    }
    return hash;
  }

  @Override
  public Optional<byte[]> get(String sha256) {
    return find(sha256)
        .map(
            file -> {
              ByteArrayOutputStream out = new ByteArrayOutputStream((int) file.getLength());
              bucket.downloadToStream(file.getObjectId(), out);
              return out.toByteArray();
            });
  }

  @Override
  public Optional<InputStream> open(String sha256) {
    return find(sha256).map(file -> bucket.openDownloadStream(file.getObjectId()));
  }

  @Override
  public boolean exists(String sha256) {
    return find(sha256).isPresent();
  }

  private Optional<GridFSFile> find(String sha256) {
    if (!Hashes.isSha256(sha256)) {
      return Optional.empty();
    }
    return Optional.ofNullable(bucket.find(eq("filename", sha256)).first());
  }
}
