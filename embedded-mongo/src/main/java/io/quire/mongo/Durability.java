package io.quire.mongo;

/** When a write reaches the disk, relative to the reply that acknowledges it. */
public enum Durability {
  /**
   * Every request that changed data is committed to the store file and the file is forced to the
   * disk ({@code fsync}) before its reply goes out: an acknowledged write survives {@code kill -9}
   * of the server and a power cut of the machine. The default, and the only setting {@code ./quire
   * up} uses.
   */
  COMMIT_AND_SYNC_BEFORE_REPLY,

  /**
   * The store library's own setting: changes are committed by a background thread about once a
   * second and never forced to the disk, so the last second of acknowledged writes is lost by a
   * crash. Kept only so that benchmarks can measure what durability costs against it.
   */
  BACKGROUND_COMMIT
}
