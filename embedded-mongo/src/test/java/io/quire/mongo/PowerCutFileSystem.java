package io.quire.mongo;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.h2.store.fs.FileBase;
import org.h2.store.fs.FilePathWrapper;

/**
 * An H2 file system ({@code powercut:/path}) over the real one that keeps, for each file, its
 * content as of the last {@code force}: what the disk holds after a power cut, when everything
 * written but not forced is gone. Files are written for real as usual.
 *
 * <p>H2 creates instances by reflection for every path, so the images live in a static map.
 */
public final class PowerCutFileSystem extends FilePathWrapper {
  static final String SCHEME = "powercut";
  private static final Map<String, byte[]> FORCED = new ConcurrentHashMap<>();

  @Override
  public String getScheme() {
    return SCHEME;
  }

  /** What a power cut now would leave of the file: its bytes as of its last force, or none. */
  static byte[] afterPowerCut(String path) {
    return FORCED.getOrDefault(path, new byte[0]);
  }

  @Override
  public FileChannel open(String mode) throws IOException {
    return new Channel(getBase().open(mode), getBase().toString());
  }

  private static final class Channel extends FileBase {
    private final FileChannel base;
    private final String path;

    Channel(FileChannel base, String path) {
      this.base = base;
      this.path = path;
    }

    @Override
    public void force(boolean metaData) throws IOException {
      base.force(metaData);
      ByteBuffer image = ByteBuffer.allocate((int) base.size());
      while (image.hasRemaining() && base.read(image, image.position()) >= 0) {
        // read until full
      }
      FORCED.put(path, image.array());
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
      return base.read(dst);
    }

    @Override
    public int read(ByteBuffer dst, long position) throws IOException {
      return base.read(dst, position);
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
      return base.write(src);
    }

    @Override
    public int write(ByteBuffer src, long position) throws IOException {
      return base.write(src, position);
    }

    @Override
    public long position() throws IOException {
      return base.position();
    }

    @Override
    public FileChannel position(long newPosition) throws IOException {
      base.position(newPosition);
      return this;
    }

    @Override
    public long size() throws IOException {
      return base.size();
    }

    @Override
    public FileChannel truncate(long size) throws IOException {
      base.truncate(size);
      return this;
    }

    @Override
    public FileLock tryLock(long position, long size, boolean shared) throws IOException {
      return base.tryLock(position, size, shared);
    }

    @Override
    protected void implCloseChannel() throws IOException {
      base.close();
    }
  }
}
