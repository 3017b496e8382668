package io.quire.compile.preamble;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Names the TeX installation a format is built with, so that a TeX upgrade never meets an old
 * format. In a Docker sandbox that is the image. With bubblewrap (or unsafe), TeX is the host's
 * own: its engine version line plus the path, size and modification time of the distribution's base
 * format, which the distribution rebuilds whenever any of its packages changes.
 */
public final class TexIdentity {
  private static final Logger LOG = LoggerFactory.getLogger(TexIdentity.class);

  private final ConcurrentMap<String, Optional<String>> local = new ConcurrentHashMap<>();

  /**
   * @param engine {@code pdflatex} or {@code latex}
   * @param sandbox the sandbox's name
   * @param image the job's TeX image
   * @return empty when the local installation cannot be identified (then no format is used)
   */
  public Optional<String> of(String engine, String sandbox, String image) {
    if ("docker".equals(sandbox)) {
      return Optional.of("image:" + image);
    }
    return local.computeIfAbsent(engine, TexIdentity::probe);
  }

  private static Optional<String> probe(String engine) {
    try {
      String version = firstLine(run(List.of(engine, "--version")));
      String format = firstLine(run(List.of("kpsewhich", "-engine=pdftex", engine + ".fmt")));
      if (version.isEmpty() || format.isEmpty()) {
        LOG.warn("cannot identify the local TeX for {}: no version or base format", engine);
        return Optional.empty();
      }
      BasicFileAttributes base = Files.readAttributes(Path.of(format), BasicFileAttributes.class);
      String identity =
          "local:"
              + version
              + "|"
              + format
              + "|"
              + base.size()
              + "|"
              + base.lastModifiedTime().toMillis();
      LOG.info("TeX identity of {}: {}", engine, identity);
      return Optional.of(identity);
    } catch (IOException e) {
      LOG.warn("cannot identify the local TeX for {}: {}", engine, e.toString());
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  private static String run(List<String> argv) throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(argv).redirectErrorStream(true);
    builder.environment().clear();
    builder.environment().put("PATH", "/usr/bin:/bin");
    Process process = builder.start();
    try (InputStream in = process.getInputStream()) {
      byte[] out = in.readNBytes(64 * 1024);
      if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IOException(argv + " failed: " + new String(out, StandardCharsets.UTF_8));
      }
      return new String(out, StandardCharsets.UTF_8);
    } finally {
      process.destroyForcibly();
    }
  }

  private static String firstLine(String text) {
    int end = text.indexOf('\n');
    return (end < 0 ? text : text.substring(0, end)).trim();
  }
}
