package io.quire.web.project;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A zip import holds one entry at a time in memory, not the zip's documents together: a zip of 160
 * documents of 1 MB each (160 MB of text, a few hundred KB zipped) is read by {@link ZipImport} in
 * a JVM whose whole heap is 64 MB ({@link ZipImportProbe}). An import that kept the texts in the
 * heap until the project is created runs out of memory there.
 */
class ZipImportMemoryIT {
  private static final int DOCUMENTS = 160;

  @TempDir Path tmp;

  @Test
  void theDocumentsOfAZipLargerThanTheHeapAreImportedOneAtATime() throws Exception {
    Path zip = tmp.resolve("many-documents.zip");
    writeDocumentZip(zip);
    assertThat(Files.size(zip)).isLessThan(8L * 1024 * 1024);

    Process probe =
        new ProcessBuilder(
                List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx64m",
                    "-XX:+ExitOnOutOfMemoryError",
                    "-Djava.io.tmpdir=" + tmp,
                    "-cp",
                    System.getProperty("java.class.path"),
                    ZipImportProbe.class.getName(),
                    zip.toString()))
            .redirectErrorStream(true)
            .start();
    String output = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(probe.waitFor(120, TimeUnit.SECONDS)).isTrue();

    assertThat(probe.exitValue()).as(output).isZero();
    assertThat(output).contains("files=" + DOCUMENTS);
    // the spool of documents is gone once the import is closed
    try (var left = Files.list(tmp)) {
      assertThat(left.map(p -> p.getFileName().toString()))
          .noneMatch(name -> name.startsWith("quire-import-"));
    }
  }

  /**
   * Documents of 1 MB of text each (under the 2 MB document limit), which zip to almost nothing.
   */
  private static void writeDocumentZip(Path zip) throws IOException {
    StringBuilder page = new StringBuilder();
    while (page.length() < 1024 * 1024) {
      page.append("A line of a long chapter, \\emph{plain} text.\n");
    }
    byte[] text = page.toString().getBytes(StandardCharsets.UTF_8);
    try (OutputStream file = Files.newOutputStream(zip);
        ZipOutputStream out = new ZipOutputStream(file)) {
      out.setLevel(9);
      for (int i = 0; i < DOCUMENTS; i++) {
        out.putNextEntry(new ZipEntry("chapters/chapter" + i + ".tex"));
        out.write(text);
        out.closeEntry();
      }
    }
  }
}
