package io.quire.common.blob;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 in the lower-case hex form used as blob keys and cache keys. */
public final class Hashes {
  private Hashes() {}

  public static String sha256(byte[] content) {
    return HexFormat.of().formatHex(digest().digest(content));
  }

  public static String sha256(String text) {
    return sha256(text.getBytes(StandardCharsets.UTF_8));
  }

  public static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }

  public static boolean isSha256(String value) {
    return value != null && value.matches("[0-9a-f]{64}");
  }
}
