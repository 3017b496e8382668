package io.quire.common.history;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * A zip of one version, built by history-worker and kept in the export store until it expires.
 *
 * @param id the export's id (hex object id)
 * @param revision the version's revision when the export was asked for; an extended newest version
 *     gets a new export
 * @param requestedBy the user who asked for it
 * @param expiresAt after this the zip is deleted; a download then needs a new export
 * @param files entries written to the zip
 * @param size bytes of the zip
 * @param missing paths whose content was missing from the blob store (left out of the zip)
 * @param error why a failed export failed, else null
 */
public record VersionExport(
    String id,
    String projectId,
    long version,
    long revision,
    Status status,
    String requestedBy,
    Instant created,
    Instant finished,
    Instant expiresAt,
    int files,
    long size,
    List<String> missing,
    String error) {

  public VersionExport {
    missing = List.copyOf(missing);
  }

  /** Where an export is. */
  public enum Status {
    QUEUED,
    RUNNING,
    READY,
    FAILED;

    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }

    static Status fromWire(String name) {
      return valueOf(name.toUpperCase(Locale.ROOT));
    }
  }

  public boolean isExpired(Instant now) {
    return !expiresAt.isAfter(now);
  }
}
