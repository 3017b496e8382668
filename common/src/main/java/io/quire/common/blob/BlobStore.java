package io.quire.common.blob;

import java.io.InputStream;
import java.util.Optional;

/**
 * Bytes by their SHA-256 (lower-case hex). Writing the same content twice stores it once; content
 * never changes under a hash, so readers need no locks.
 */
public interface BlobStore {

  /** Stores the bytes unless already present; returns their hash. */
  String put(byte[] content);

  /** The bytes of a hash, or empty when unknown. */
  Optional<byte[]> get(String sha256);

  /** Opens a stream over the bytes of a hash, or empty when unknown. */
  Optional<InputStream> open(String sha256);

  boolean exists(String sha256);
}
