package io.quire.web.system;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * How an answer carrying user-controlled bytes (project files, compile outputs, zips) is typed:
 * only passive types a browser cannot run are shown inline (raster images, and text as {@code
 * text/plain; charset=utf-8}); everything else is {@code application/octet-stream} and a download.
 * The type never comes from the bytes or from what the uploader claimed, only from what Quire
 * knows: whether the file is an editable text document, and its name. The sandbox policy and {@code
 * nosniff} that go with every such answer are set by {@link ContentSecurityPolicyFilter} for the
 * whole API (ADR 0013).
 *
 * @param type the Content-Type
 * @param inline whether the browser may show it in place rather than download it
 * @param fileName the name offered for saving
 */
public record UserContent(MediaType type, boolean inline, String fileName) {
  public static final MediaType TEXT = new MediaType("text", "plain", StandardCharsets.UTF_8);

  // SVG is an image that runs script, so it is not here; nor is PDF, which no browser shows in a
  // sandboxed document (ADR 0013)
  private static final Map<String, MediaType> PASSIVE_IMAGES =
      Map.of(
          "png", MediaType.IMAGE_PNG,
          "jpg", MediaType.IMAGE_JPEG,
          "jpeg", MediaType.IMAGE_JPEG,
          "gif", MediaType.IMAGE_GIF,
          "webp", MediaType.parseMediaType("image/webp"));

  private static final Map<String, MediaType> DOWNLOAD_TYPES =
      Map.of(
          "pdf", MediaType.APPLICATION_PDF,
          "zip", MediaType.parseMediaType("application/zip"),
          "gz", MediaType.parseMediaType("application/gzip"));

  /**
   * A file of a project or a build.
   *
   * @param path its path (only the name counts)
   * @param text whether its bytes are known to be text, e.g. an editable document or a log
   */
  public static UserContent file(String path, boolean text) {
    String name = path.substring(path.lastIndexOf('/') + 1);
    if (text) {
      return new UserContent(TEXT, true, name);
    }
    String extension = extension(name);
    MediaType image = PASSIVE_IMAGES.get(extension);
    if (image != null) {
      return new UserContent(image, true, name);
    }
    return new UserContent(
        DOWNLOAD_TYPES.getOrDefault(extension, MediaType.APPLICATION_OCTET_STREAM), false, name);
  }

  /** Something to save, never to show: a zip Quire built of the user's files. */
  public static UserContent download(String fileName, MediaType type) {
    return new UserContent(type, false, fileName);
  }

  /** Sets the type and the disposition on an answer. */
  public <B extends ResponseEntity.HeadersBuilder<B>> B on(B answer) {
    answer.header(HttpHeaders.CONTENT_TYPE, type.toString());
    answer.header(HttpHeaders.CONTENT_DISPOSITION, disposition());
    return answer;
  }

  /**
   * {@code inline} or {@code attachment} with the name twice (RFC 6266): an ASCII {@code filename}
   * for old clients and the exact name as UTF-8 in {@code filename*}.
   */
  public String disposition() {
    return (inline ? "inline" : "attachment")
        + "; filename=\""
        + asciiName(fileName)
        + "\"; filename*=UTF-8''"
        + encoded(fileName);
  }

  private static String extension(String name) {
    int dot = name.lastIndexOf('.');
    return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
  }

  private static String asciiName(String name) {
    StringBuilder ascii = new StringBuilder();
    name.codePoints()
        .forEach(
            c ->
                ascii.append(
                    c < 0x7f && (Character.isLetterOrDigit(c) || " ._-()+,".indexOf(c) >= 0)
                        ? (char) c
                        : '_'));
    String result = ascii.toString().strip();
    return result.isEmpty() || result.chars().allMatch(c -> c == '.') ? "file" : result;
  }

  /** RFC 8187 {@code value-chars}: attr-char as is, every other byte of the UTF-8 as %XX. */
  private static String encoded(String name) {
    StringBuilder out = new StringBuilder();
    for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || "!#$&+-.^_`|~".indexOf(c) >= 0) {
        out.append((char) c);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)));
        out.append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return out.toString();
  }
}
