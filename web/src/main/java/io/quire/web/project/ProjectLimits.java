package io.quire.web.project;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Limits of projects ({@code quire.projects.*}).
 *
 * @param maxFiles files and documents per project ({@code QUIRE_PROJECTS_MAX_FILES})
 * @param maxProjectSize total bytes of a project ({@code QUIRE_PROJECTS_MAX_PROJECT_SIZE})
 * @param maxDocSize largest editable document; larger text files are stored as binary files
 * @param maxUpload largest single upload ({@code QUIRE_PROJECTS_MAX_UPLOAD})
 * @param maxZipSize uncompressed size of an imported zip
 */
@Validated
@ConfigurationProperties("quire.projects")
public record ProjectLimits(
    @Min(1) @DefaultValue("2000") int maxFiles,
    @NotNull @DefaultValue("200MB") DataSize maxProjectSize,
    @NotNull @DefaultValue("2MB") DataSize maxDocSize,
    @NotNull @DefaultValue("50MB") DataSize maxUpload,
    @NotNull @DefaultValue("300MB") DataSize maxZipSize) {

  /** A size as people write it ("50 MB"), for messages. */
  public static String describe(DataSize size) {
    long bytes = size.toBytes();
    if (bytes >= 1024L * 1024 * 1024 && bytes % (1024L * 1024 * 1024) == 0) {
      return bytes / (1024L * 1024 * 1024) + " GB";
    }
    if (bytes >= 1024L * 1024 && bytes % (1024L * 1024) == 0) {
      return bytes / (1024L * 1024) + " MB";
    }
    if (bytes >= 1024 && bytes % 1024 == 0) {
      return bytes / 1024 + " KB";
    }
    return bytes + " bytes";
  }
}
