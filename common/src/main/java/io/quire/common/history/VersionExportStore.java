package io.quire.common.history;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gt;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.lte;
import static com.mongodb.client.model.Filters.ne;
import static com.mongodb.client.model.Filters.or;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import io.quire.common.blob.BlobStore;
import io.quire.common.blob.BlobUpload;
import io.quire.common.history.VersionExport.Status;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.bson.types.ObjectId;

/**
 * Version zips and their records: the {@code historyExports} collection says where each export is,
 * the zips themselves are named objects in the blob store's area {@code exports} (not
 * content-addressed blobs: exports expire and are deleted), each named by its attempt's id.
 *
 * <p>Every attempt at building a zip uploads a file of its own, noted in the record before the
 * upload starts; the first attempt to finish wins the record by a conditional update, and the files
 * of other attempts (a crashed worker's partial upload, a redelivered job's duplicate) are deleted
 * with it or when the export expires, so nothing is left behind.
 */
public final class VersionExportStore {
  private static final String AREA = "exports";

  private final MongoCollection<Document> exports;
  private final BlobStore blobs;

  public VersionExportStore(MongoDatabase database, BlobStore blobs) {
    this.exports = database.getCollection("historyExports");
    this.blobs = blobs;
    exports.createIndex(Indexes.ascending("projectId", "version", "revision"));
    exports.createIndex(Indexes.ascending("expiresAt"));
  }

  /** A new queued export. */
  public VersionExport create(
      String projectId, long version, long revision, String requestedBy, Instant expiresAt) {
    ObjectId id = new ObjectId();
    Instant now = Instant.now();
    exports.insertOne(
        new Document("_id", id)
            .append("projectId", projectId)
            .append("version", version)
            .append("revision", revision)
            .append("status", Status.QUEUED.wireName())
            .append("requestedBy", requestedBy)
            .append("created", Date.from(now))
            .append("expiresAt", Date.from(expiresAt))
            .append("files", 0)
            .append("size", 0L)
            .append("missing", List.of())
            .append("attempts", List.of()));
    return new VersionExport(
        id.toHexString(),
        projectId,
        version,
        revision,
        Status.QUEUED,
        requestedBy,
        now,
        null,
        expiresAt,
        0,
        0,
        List.of(),
        null);
  }

  /**
   * An export of that state of a version to hand out again instead of building another: a ready one
   * that lives past {@code aliveUntil}, or one queued or running since {@code inFlightSince} (an
   * older one may have lost its job, and is left to expire).
   */
  public Optional<VersionExport> reusable(
      String projectId, long version, long revision, Instant aliveUntil, Instant inFlightSince) {
    return Optional.ofNullable(
            exports
                .find(
                    and(
                        eq("projectId", projectId),
                        eq("version", version),
                        eq("revision", revision),
                        gt("expiresAt", Date.from(aliveUntil)),
                        or(
                            eq("status", Status.READY.wireName()),
                            and(
                                in("status", Status.QUEUED.wireName(), Status.RUNNING.wireName()),
                                gt("created", Date.from(inFlightSince))))))
                .sort(Sorts.descending("created"))
                .first())
        .map(VersionExportStore::toExport);
  }

  public Optional<VersionExport> find(String projectId, String exportId) {
    if (!ObjectId.isValid(exportId)) {
      return Optional.empty();
    }
    return Optional.ofNullable(
            exports
                .find(and(eq("_id", new ObjectId(exportId)), eq("projectId", projectId)))
                .first())
        .map(VersionExportStore::toExport);
  }

  public Optional<VersionExport> find(String exportId) {
    if (!ObjectId.isValid(exportId)) {
      return Optional.empty();
    }
    return Optional.ofNullable(exports.find(eq("_id", new ObjectId(exportId))).first())
        .map(VersionExportStore::toExport);
  }

  /**
   * Starts an attempt: marks the export running and notes the file the attempt will upload.
   *
   * @return the upload to write the zip to, or empty when the export is ready already or gone
   */
  public Optional<Upload> start(String exportId) {
    ObjectId fileId = new ObjectId();
    long matched =
        exports
            .updateOne(
                and(eq("_id", new ObjectId(exportId)), ne("status", Status.READY.wireName())),
                Updates.combine(
                    Updates.set("status", Status.RUNNING.wireName()),
                    Updates.unset("error"),
                    Updates.push("attempts", fileId)))
            .getMatchedCount();
    if (matched == 0) {
      return Optional.empty();
    }
    return Optional.of(new Upload(exportId, fileId, blobs.create(AREA, fileId.toHexString())));
  }

  /**
   * Marks the export ready with the zip of this attempt, unless another attempt finished first
   * (then this attempt's file is deleted). Files of other attempts are deleted either way.
   *
   * @return whether this attempt's zip is the export's
   */
  public boolean finish(
      Upload upload, int entries, long size, List<String> missing, Instant expiresAt) {
    long matched =
        exports
            .updateOne(
                and(
                    eq("_id", new ObjectId(upload.exportId())),
                    ne("status", Status.READY.wireName())),
                Updates.combine(
                    Updates.set("status", Status.READY.wireName()),
                    Updates.set("fileId", upload.fileId()),
                    Updates.set("finished", new Date()),
                    Updates.set("expiresAt", Date.from(expiresAt)),
                    Updates.set("files", entries),
                    Updates.set("size", size),
                    Updates.set("missing", missing),
                    Updates.unset("error")))
            .getMatchedCount();
    Document record = exports.find(eq("_id", new ObjectId(upload.exportId()))).first();
    ObjectId kept = matched == 1 ? upload.fileId() : record == null ? null : fileIdOf(record);
    if (record == null) {
      deleteFile(upload.fileId());
    } else {
      for (ObjectId attempt : record.getList("attempts", ObjectId.class, List.of())) {
        if (!attempt.equals(kept)) {
          deleteFile(attempt);
        }
      }
    }
    return matched == 1;
  }

  /** Marks the export failed (unless it is ready) and deletes what the attempt uploaded. */
  public void fail(String exportId, String error, Optional<Upload> upload) {
    upload.ifPresent(u -> deleteFile(u.fileId()));
    if (!ObjectId.isValid(exportId)) {
      return;
    }
    exports.updateOne(
        and(eq("_id", new ObjectId(exportId)), ne("status", Status.READY.wireName())),
        Updates.combine(
            Updates.set("status", Status.FAILED.wireName()),
            Updates.set("finished", new Date()),
            Updates.set("error", error)));
  }

  /**
   * Marks an export failed with {@code error} when it is still queued or running although it was
   * asked for before {@code inFlightSince}: its job was lost (say, dead-lettered after workers
   * crashed on it), and nothing else would ever end it. An attempt still under way may finish it
   * all the same ({@link #finish} takes a failed export).
   *
   * @return whether it was marked
   */
  public boolean failIfLost(String exportId, Instant inFlightSince, String error) {
    if (!ObjectId.isValid(exportId)) {
      return false;
    }
    return exports
            .updateOne(
                and(
                    eq("_id", new ObjectId(exportId)),
                    in("status", Status.QUEUED.wireName(), Status.RUNNING.wireName()),
                    lt("created", Date.from(inFlightSince))),
                Updates.combine(
                    Updates.set("status", Status.FAILED.wireName()),
                    Updates.set("finished", new Date()),
                    Updates.set("error", error)))
            .getModifiedCount()
        == 1;
  }

  /** The zip of a ready export, empty when there is none (not ready, expired, deleted). */
  public Optional<InputStream> open(String exportId) {
    if (!ObjectId.isValid(exportId)) {
      return Optional.empty();
    }
    Document record =
        exports
            .find(and(eq("_id", new ObjectId(exportId)), eq("status", Status.READY.wireName())))
            .first();
    ObjectId fileId = record == null ? null : fileIdOf(record);
    if (fileId == null) {
      return Optional.empty();
    }
    return blobs.open(AREA, fileId.toHexString());
  }

  /**
   * Deletes the exports that expired by {@code now}, their zips and every attempt's upload.
   *
   * @return how many exports were deleted
   */
  public int deleteExpired(Instant now) {
    List<Document> expired = new ArrayList<>();
    exports.find(lte("expiresAt", Date.from(now))).into(expired);
    int deleted = 0;
    for (Document record : expired) {
      for (ObjectId attempt : record.getList("attempts", ObjectId.class, List.of())) {
        deleteFile(attempt);
      }
      if (exports.deleteOne(eq("_id", record.getObjectId("_id"))).getDeletedCount() == 1) {
        deleted++;
      }
    }
    return deleted;
  }

  private void deleteFile(ObjectId fileId) {
    blobs.delete(AREA, fileId.toHexString());
  }

  private static ObjectId fileIdOf(Document record) {
    Object id = record.get("fileId");
    return id instanceof ObjectId objectId ? objectId : null;
  }

  private static VersionExport toExport(Document d) {
    Date finished = d.getDate("finished");
    return new VersionExport(
        d.getObjectId("_id").toHexString(),
        d.getString("projectId"),
        d.get("version", Number.class).longValue(),
        d.get("revision", Number.class).longValue(),
        Status.fromWire(d.getString("status")),
        d.getString("requestedBy"),
        d.getDate("created").toInstant(),
        finished == null ? null : finished.toInstant(),
        d.getDate("expiresAt").toInstant(),
        d.get("files", Number.class).intValue(),
        d.get("size", Number.class).longValue(),
        d.getList("missing", String.class, List.of()),
        d.getString("error"));
  }

  /** One attempt's upload: write the zip to {@link #stream()}, close it, then {@link #finish}. */
  public record Upload(String exportId, ObjectId fileId, BlobUpload stream) {}
}
