package io.quire.web.project;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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
   * Lists the central directory, refusing to read more than {@code maxEntries} records.
   *
   * @throws ZipRejectedException when there is no central directory or it is cut off
   */
  static Listing read(Path zip, int maxEntries) throws IOException {
    try (RandomAccessFile file = new RandomAccessFile(zip.toFile(), "r")) {
      long length = file.length();
      int tail = (int) Math.min(length, 22L + MAX_COMMENT);
      byte[] end = new byte[tail];
      file.seek(length - tail);
      file.readFully(end);
      ByteBuffer buffer = ByteBuffer.wrap(end).order(ByteOrder.LITTLE_ENDIAN);
      int at = -1;
      for (int i = tail - 22; i >= 0; i--) {
        if (buffer.getInt(i) == END_SIGNATURE) {
          at = i;
          break;
        }
      }
      if (at < 0) {
        throw new ZipRejectedException("The upload is not a zip file (no central directory).");
      }
      long declared = Short.toUnsignedInt(buffer.getShort(at + 10));
      long directorySize = Integer.toUnsignedLong(buffer.getInt(at + 12));
      long directoryOffset = Integer.toUnsignedLong(buffer.getInt(at + 16));
      if (declared > maxEntries) {
        return new Listing(declared, List.of());
      }
      if (directoryOffset + directorySize > length || directorySize > 64L * 1024 * 1024) {
        throw new ZipRejectedException("The zip file is damaged (bad central directory).");
      }
      byte[] directory = new byte[(int) directorySize];
      file.seek(directoryOffset);
      file.readFully(directory);
      return new Listing(declared, records(directory, maxEntries));
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

  private static List<Record> records(byte[] directory, int maxEntries) {
    ByteBuffer buffer = ByteBuffer.wrap(directory).order(ByteOrder.LITTLE_ENDIAN);
    List<Record> records = new ArrayList<>();
    int at = 0;
    while (at + 46 <= directory.length && buffer.getInt(at) == ENTRY_SIGNATURE) {
      if (records.size() >= maxEntries) {
        // more records than the end record declared (zip64 or forged): count them as too many
        records.add(new Record("", false, true));
        break;
      }
      int madeBy = Short.toUnsignedInt(buffer.getShort(at + 4)) >> 8;
      int nameLength = Short.toUnsignedInt(buffer.getShort(at + 28));
      int extraLength = Short.toUnsignedInt(buffer.getShort(at + 30));
      int commentLength = Short.toUnsignedInt(buffer.getShort(at + 32));
      long external = Integer.toUnsignedLong(buffer.getInt(at + 38));
      if (at + 46 + nameLength > directory.length) {
        throw new ZipRejectedException("The zip file is damaged (entry name cut off).");
      }
      String name = new String(directory, at + 46, nameLength, StandardCharsets.UTF_8);
      boolean utf8 = isUtf8(directory, at + 46, nameLength);
      int mode = (int) (external >>> 16);
      records.add(new Record(name, madeBy == UNIX_HOST && (mode & TYPE_MASK) == SYMLINK, utf8));
      at += 46 + nameLength + extraLength + commentLength;
    }
    return records;
  }
}
