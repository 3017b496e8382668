package io.quire.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/** Builds and reads zips for the tests, including hostile ones. */
final class Zips {
  private Zips() {}

  static byte[] of(Map<String, byte[]> entries) {
    return of(entries, StandardCharsets.UTF_8);
  }

  static byte[] of(Map<String, byte[]> entries, Charset names) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(out, names)) {
      for (Map.Entry<String, byte[]> e : entries.entrySet()) {
        zip.putNextEntry(new ZipEntry(e.getKey()));
        zip.write(e.getValue());
        zip.closeEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  static byte[] text(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** A small zip that inflates to {@code bytes} zeros. */
  static byte[] bomb(String name, long bytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(out)) {
      zip.setLevel(9);
      zip.putNextEntry(new ZipEntry(name));
      byte[] zeros = new byte[1024 * 1024];
      for (long written = 0; written < bytes; written += zeros.length) {
        zip.write(zeros);
      }
      zip.closeEntry();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** Marks an entry of a zip as a Unix symbolic link, as {@code zip --symlinks} writes it. */
  static byte[] withSymlink(byte[] zip, String name) {
    byte[] patched = zip.clone();
    ByteBuffer buffer = ByteBuffer.wrap(patched).order(ByteOrder.LITTLE_ENDIAN);
    byte[] wanted = name.getBytes(StandardCharsets.UTF_8);
    for (int at = 0; at + 46 < patched.length; at++) {
      if (buffer.getInt(at) != 0x02014b50) {
        continue;
      }
      int nameLength = Short.toUnsignedInt(buffer.getShort(at + 28));
      String found = new String(patched, at + 46, nameLength, StandardCharsets.UTF_8);
      if (found.equals(name) && nameLength == wanted.length) {
        buffer.putShort(at + 4, (short) ((3 << 8) | 20)); // made by Unix
        buffer.putInt(at + 38, 0120777 << 16);
        return patched;
      }
    }
    throw new IllegalArgumentException("no entry " + name);
  }

  /**
   * Makes the central directory lie about an entry's uncompressed size (what {@code ZipFile} and
   * most tools trust), leaving its data as it is.
   */
  static byte[] withDeclaredSize(byte[] zip, String name, long size) {
    byte[] patched = zip.clone();
    ByteBuffer buffer = ByteBuffer.wrap(patched).order(ByteOrder.LITTLE_ENDIAN);
    int at = centralRecord(patched, name);
    buffer.putInt(at + 24, (int) size);
    return patched;
  }

  /** Makes the end record claim a central directory of {@code size} bytes. */
  static byte[] withDeclaredDirectorySize(byte[] zip, long size) {
    byte[] patched = zip.clone();
    ByteBuffer buffer = ByteBuffer.wrap(patched).order(ByteOrder.LITTLE_ENDIAN);
    for (int at = patched.length - 22; at >= 0; at--) {
      if (buffer.getInt(at) == 0x06054b50) {
        buffer.putInt(at + 12, (int) size);
        return patched;
      }
    }
    throw new IllegalArgumentException("no end record");
  }

  private static int centralRecord(byte[] zip, String name) {
    ByteBuffer buffer = ByteBuffer.wrap(zip).order(ByteOrder.LITTLE_ENDIAN);
    byte[] wanted = name.getBytes(StandardCharsets.UTF_8);
    for (int at = 0; at + 46 < zip.length; at++) {
      if (buffer.getInt(at) != 0x02014b50) {
        continue;
      }
      int nameLength = Short.toUnsignedInt(buffer.getShort(at + 28));
      if (nameLength == wanted.length
          && new String(zip, at + 46, nameLength, StandardCharsets.UTF_8).equals(name)) {
        return at;
      }
    }
    throw new IllegalArgumentException("no entry " + name);
  }

  static Map<String, byte[]> read(byte[] zip) {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    try (ZipInputStream in = new ZipInputStream(new java.io.ByteArrayInputStream(zip))) {
      ZipEntry e;
      while ((e = in.getNextEntry()) != null) {
        entries.put(e.getName(), in.readAllBytes());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return entries;
  }
}
