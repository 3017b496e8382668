package io.quire.common.blob;

import java.io.InputStream;
import java.util.Optional;

/**
 * Where Quire keeps bytes: the one interface through which project files, document snapshots,
 * history snapshots and version exports are written and read, whichever store holds them (GridFS in
 * the same MongoDB, or an S3-compatible bucket: {@code QUIRE_BLOB_STORE}).
 *
 * <p>Two kinds of object:
 *
 * <ul>
 *   <li><b>Content-addressed blobs</b>, by their SHA-256 (lower-case hex). Writing the same content
 *       twice stores it once; content never changes under a hash, so readers need no locks, and
 *       blobs are never deleted.
 *   <li><b>Named objects</b> in an area (such as {@code exports}), under names the caller chooses:
 *       streamed in, visible only once the upload completed, deleted when no longer needed.
 * </ul>
 *
 * An object that is not there is an empty answer, never an exception. A store that cannot be
 * reached or refuses a request throws: {@link BlobStoreException} saying why (the S3 store; the
 * GridFS store throws MongoDB's own exceptions, as every other MongoDB access does).
 */
public interface BlobStore {

  /** Stores the bytes unless already present; returns their hash. */
  String put(byte[] content);

  /** The bytes of a hash, or empty when unknown. */
  Optional<byte[]> get(String sha256);

  /** Opens a stream over the bytes of a hash, or empty when unknown. */
  Optional<InputStream> open(String sha256);

  boolean exists(String sha256);

  /**
   * Starts writing a named object. Readers see it only once {@link BlobUpload#close()} returned;
   * {@link BlobUpload#abort()} leaves nothing behind. Each name is written once: callers choose a
   * fresh name per upload.
   *
   * @param area a lower-case word ({@code exports})
   * @param name letters, digits, {@code .}, {@code _} and {@code -}
   */
  BlobUpload create(String area, String name);

  /** Opens a named object, or empty when there is none (never written, not complete, deleted). */
  Optional<InputStream> open(String area, String name);

  /** Deletes a named object and whatever an unfinished upload of it left; nothing when absent. */
  void delete(String area, String name);

  /**
   * Checks that the store answers and accepts this service's credentials, for the health check.
   *
   * @return what was checked (the database or bucket), for the health details
   * @throws BlobStoreException saying why not
   */
  String checkAccess();
}
