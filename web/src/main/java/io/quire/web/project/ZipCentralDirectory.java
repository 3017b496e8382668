package io.quire.web.project;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a zip's central directory for what {@link java.util.zip.ZipFile} does not tell: the Unix
 * mode in each entry's external attributes, which marks symbolic links. Sizes and contents come
 * from {@code ZipFile}; this only lists entries, in the same (central directory) order.
 */
final class ZipCentralDirectory {
  private static final int END_SIGNATURE = 0x06054b50;
  private static final int ENTRY_SIGNATURE = 0x02014b50;
  private static final int MAX_COMMENT = 0xffff;
  private static final int UNIX_HOST = 3;
  private static final int TYPE_MASK = 0170000;
  private static final int SYMLINK = 0120000;

  /** One central directory record: its raw name and whether it is a Unix symbolic link. */
  record Record(String name, boolean symlink, boolean utf8) {}

  /** The records and the entry count the end record declares (before reading them). */
  record Listing(long declaredEntries, List<Record> records) {}

  private ZipCentralDirectory() {}

  /**
   * Lists the central directory, refusing to read more than {@code maxEntries} records. The
   * directory is streamed record by record: what this holds in memory (the end record's search
   * window, one record's name) does not depend on any size the zip declares.
   *
   * @throws ZipRejectedException when there is no central directory or it is cut off
   */
  static Listing read(Path zip, int maxEntries) throws IOException {
    try (FileChannel channel = FileChannel.open(zip, StandardOpenOption.READ)) {
      long length = channel.size();
      int tail = (int) Math.min(length, 22L + MAX_COMMENT);
      ByteBuffer end = ByteBuffer.allocate(tail).order(ByteOrder.LITTLE_ENDIAN);
      channel.position(length - tail);
      while (end.hasRemaining() && channel.read(end) >= 0) {
        // fill the window
      }
      int at = -1;
      for (int i = tail - 22; i >= 0; i--) {
        if (end.getInt(i) == END_SIGNATURE) {
          at = i;
          break;
        }
      }
      if (at < 0) {
        throw new ZipRejectedException("The upload is not a zip file (no central directory).");
      }
      long declared = Short.toUnsignedInt(end.getShort(at + 10));
      long directorySize = Integer.toUnsignedLong(end.getInt(at + 12));
      long directoryOffset = Integer.toUnsignedLong(end.getInt(at + 16));
      if (declared > maxEntries) {
        return new Listing(declared, List.of());
      }
      if (directoryOffset + directorySize > length) {
        throw new ZipRejectedException("The zip file is damaged (bad central directory).");
      }
      channel.position(directoryOffset);
      InputStream in = new BufferedInputStream(Channels.newInputStream(channel), 64 * 1024);
      return new Listing(declared, records(in, directorySize, maxEntries));
    }
  }

  private static boolean isUtf8(byte[] bytes, int offset, int length) {
    try {
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes, offset, length));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }

  private static List<Record> records(InputStream in, long directorySize, int maxEntries)
      throws IOException {
    List<Record> records = new ArrayList<>();
    byte[] header = new byte[46];
    ByteBuffer fields = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
    long left = directorySize;
    while (left >= header.length) {
      if (in.readNBytes(header, 0, header.length) < header.length
          || fields.getInt(0) != ENTRY_SIGNATURE) {
        break;
      }
      if (records.size() >= maxEntries) {
        // more records than the end record declared (zip64 or forged): count them as too many
        records.add(new Record("", false, true));
        break;
      }
      int madeBy = Short.toUnsignedInt(fields.getShort(4)) >> 8;
      int nameLength = Short.toUnsignedInt(fields.getShort(28));
      int extraLength = Short.toUnsignedInt(fields.getShort(30));
      int commentLength = Short.toUnsignedInt(fields.getShort(32));
      long external = Integer.toUnsignedLong(fields.getInt(38));
      left -= header.length;
      if (nameLength > left) {
        throw new ZipRejectedException("The zip file is damaged (entry name cut off).");
      }
      byte[] name = in.readNBytes(nameLength);
      if (name.length < nameLength) {
        throw new ZipRejectedException("The zip file is damaged (entry name cut off).");
      }
      int mode = (int) (external >>> 16);
      records.add(
          new Record(
              new String(name, StandardCharsets.UTF_8),
              madeBy == UNIX_HOST && (mode & TYPE_MASK) == SYMLINK,
              isUtf8(name, 0, nameLength)));
      long rest = Math.min(left - nameLength, (long) extraLength + commentLength);
      in.skipNBytes(rest);
      left -= nameLength + rest;
    }
    return records;
  }
}
