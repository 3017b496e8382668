package io.quire.web.project;

import io.quire.web.system.ApiException;
import java.util.List;
import org.springframework.http.HttpStatus;

/** A zip that cannot be imported, with the reasons found; nothing of it was kept. */
final class ZipRejectedException extends ApiException {

  ZipRejectedException(String detail) {
    this(HttpStatus.BAD_REQUEST, detail, List.of());
  }

  ZipRejectedException(HttpStatus status, String detail, List<String> problems) {
    super(status, "Zip not imported", detail);
    if (!problems.isEmpty()) {
      with("problems", List.copyOf(problems));
    }
  }
}
