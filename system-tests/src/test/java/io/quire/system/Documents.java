package io.quire.system;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;

/** Test documents from the resources, and reading PDFs back as text with pdftotext. */
final class Documents {
  private Documents() {}

  static String text(String name) {
    try (InputStream in = Documents.class.getResourceAsStream("/documents/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no test document " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] png(int size, Color color) {
    BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
    var g = image.createGraphics();
    g.setColor(color);
    g.fillRect(0, 0, size, size);
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** The text of a PDF, as pdftotext extracts it. */
  static String pdfText(byte[] pdf) {
    try {
      Path file = Files.createTempFile("quire-test", ".pdf");
      Files.write(file, pdf);
      Process process =
          new ProcessBuilder("pdftotext", "-layout", file.toString(), "-")
              .redirectErrorStream(true)
              .start();
      byte[] out = process.getInputStream().readAllBytes();
      if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException(
            "pdftotext failed: " + new String(out, StandardCharsets.UTF_8));
      }
      Files.delete(file);
      return new String(out, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The page count pdfinfo reports. */
  static int pdfinfoPages(byte[] pdf) {
    try {
      Path file = Files.createTempFile("quire-test", ".pdf");
      Files.write(file, pdf);
      Process process =
          new ProcessBuilder("pdfinfo", file.toString()).redirectErrorStream(true).start();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException("pdfinfo failed: " + out);
      }
      Files.delete(file);
      return out.lines()
          .filter(line -> line.startsWith("Pages:"))
          .map(line -> Integer.parseInt(line.substring("Pages:".length()).trim()))
          .findFirst()
          .orElseThrow(() -> new IllegalStateException("pdfinfo gave no page count: " + out));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * The images drawn in a PDF, one line of {@code pdfimages -list} each (page, number, type, width,
   * height, ...), the two heading lines left out.
   */
  static java.util.List<String> pdfImages(byte[] pdf) {
    try {
      Path file = Files.createTempFile("quire-test", ".pdf");
      Files.write(file, pdf);
      Process process =
          new ProcessBuilder("pdfimages", "-list", file.toString())
              .redirectErrorStream(true)
              .start();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException("pdfimages failed: " + out);
      }
      Files.delete(file);
      java.util.List<String> lines = out.lines().toList();
      if (lines.size() < 2 || !lines.get(0).strip().startsWith("page")) {
        throw new IllegalStateException("pdfimages -list gave no heading: " + out);
      }
      return lines.subList(2, lines.size()).stream().filter(l -> !l.isBlank()).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static int pdfPages(byte[] pdf) {
    return pdfText(pdf).split("\f", -1).length - 1;
  }
}
