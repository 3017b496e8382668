package io.quire.common.blob;

import static com.mongodb.client.model.Filters.eq;

import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.gridfs.GridFSBucket;
import com.mongodb.client.gridfs.GridFSBuckets;
import com.mongodb.client.gridfs.GridFSUploadStream;
import com.mongodb.client.gridfs.model.GridFSFile;
import com.mongodb.client.gridfs.model.GridFSUploadOptions;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.bson.BsonObjectId;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.Document;
import org.bson.types.ObjectId;

/**
 * Blobs in GridFS of the same MongoDB: works on one machine and in a replica set alike.
 * Content-addressed blobs are in the bucket {@code blobs} under their hash as file name. Two
 * writers racing on new content may both upload it; the copies are identical, so a reader taking
 * either is correct. Each area of named objects is a bucket of its own ({@code exports}), the name
 * being the file's id (an ObjectId when the name is one, as for every export written so far).
 */
public final class GridFsBlobStore implements BlobStore {
  private final MongoDatabase database;
  private final GridFSBucket bucket;
  private final Map<String, GridFSBucket> areas = new ConcurrentHashMap<>();

  public GridFsBlobStore(MongoDatabase database) {
    this.database = database;
    this.bucket = GridFSBuckets.create(database, ObjectNames.BLOBS);
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

  @Override
  public BlobUpload create(String area, String name) {
    ObjectNames.check(area, name);
    GridFSUploadStream stream = area(area).openUploadStream(idOf(name), name);
    return new BlobUpload() {
      @Override
      public void write(byte[] bytes, int offset, int length) {
        stream.write(bytes, offset, length);
      }

      @Override
      public void abort() {
        stream.abort();
      }

      @Override
      public void close() {
        stream.close();
      }
    };
  }

  @Override
  public Optional<InputStream> open(String area, String name) {
    ObjectNames.check(area, name);
    BsonValue id = idOf(name);
    // the file document is written when an upload completes: without it there is nothing to read
    if (files(area).countDocuments(eq("_id", id)) == 0) {
      return Optional.empty();
    }
    return Optional.of(area(area).openDownloadStream(id));
  }

  @Override
  public void delete(String area, String name) {
    ObjectNames.check(area, name);
    BsonValue id = idOf(name);
    // the file document first, so no new download starts on a file losing its chunks; the chunks
    // of an upload that never completed (a crashed writer) have no file document but go too
    files(area).deleteOne(eq("_id", id));
    database.getCollection(area + ".chunks").deleteMany(eq("files_id", id));
  }

  @Override
  public String checkAccess() {
    try {
      database.runCommand(new Document("ping", 1));
    } catch (MongoException e) {
      throw new BlobStoreException("GridFS in MongoDB does not answer: " + e.getMessage(), e);
    }
    return "GridFS in MongoDB database " + database.getName();
  }

  private GridFSBucket area(String area) {
    return areas.computeIfAbsent(area, a -> GridFSBuckets.create(database, a));
  }

  private MongoCollection<Document> files(String area) {
    return database.getCollection(area + ".files");
  }

  private static BsonValue idOf(String name) {
    return ObjectId.isValid(name) ? new BsonObjectId(new ObjectId(name)) : new BsonString(name);
  }
}
