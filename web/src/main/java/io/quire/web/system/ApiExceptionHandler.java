package io.quire.web.system;

import io.quire.common.blob.BlobStoreException;
import io.quire.common.messaging.PublishFailedException;
import io.quire.web.project.ProjectLimits;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.multipart.MaxUploadSizeExceededException;

/** Every API error as problem details with a human message; never a stack trace. */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class ApiExceptionHandler {
  private static final Logger LOG = LoggerFactory.getLogger(ApiExceptionHandler.class);

  private final ProjectLimits limits;

  ApiExceptionHandler(ProjectLimits limits) {
    this.limits = limits;
  }

  @ExceptionHandler(ApiException.class)
  ProblemDetail api(ApiException e) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(e.status(), e.getMessage());
    problem.setTitle(e.title());
    e.properties().forEach(problem::setProperty);
    return problem;
  }

  @ExceptionHandler(MethodArgumentNotValidException.class)
  ProblemDetail invalid(MethodArgumentNotValidException e) {
    String detail =
        e.getBindingResult().getFieldErrors().stream()
            .map(f -> f.getField() + ": " + f.getDefaultMessage())
            .collect(Collectors.joining("; "));
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
    problem.setTitle("Invalid request");
    problem.setProperty(
        "errors",
        e.getBindingResult().getFieldErrors().stream()
            .collect(
                Collectors.toMap(
                    f -> f.getField(), f -> String.valueOf(f.getDefaultMessage()), (a, b) -> a)));
    return problem;
  }

  @ExceptionHandler(HttpMessageNotReadableException.class)
  ProblemDetail unreadable(HttpMessageNotReadableException e) {
    ProblemDetail problem =
        ProblemDetail.forStatusAndDetail(
            HttpStatus.BAD_REQUEST, "The request body is not valid JSON for this endpoint.");
    problem.setTitle("Malformed request");
    return problem;
  }

  @ExceptionHandler(MaxUploadSizeExceededException.class)
  ProblemDetail uploadTooLarge(MaxUploadSizeExceededException e) {
    ProblemDetail problem =
        ProblemDetail.forStatusAndDetail(
            HttpStatus.CONTENT_TOO_LARGE,
            "The upload is larger than the upload limit of "
                + ProjectLimits.describe(limits.maxUpload())
                + "; nothing was stored.");
    problem.setTitle("Too large");
    return problem;
  }

  /** Seconds a client should wait before retrying a request the job queue could not take. */
  static final String QUEUE_RETRY_AFTER_SECONDS = "10";

  @ExceptionHandler(PublishFailedException.class)
  ResponseEntity<ProblemDetail> brokerDown(PublishFailedException e) {
    // one line, not a stack trace per request: during a broker outage every request lands here
    LOG.error("Could not queue a job: {}", e.getMessage());
    ProblemDetail problem =
        ProblemDetail.forStatusAndDetail(
            HttpStatus.SERVICE_UNAVAILABLE,
            "The job queue is not reachable right now; nothing was lost, please try again.");
    problem.setTitle("Job queue unavailable");
    return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
        .header(HttpHeaders.RETRY_AFTER, QUEUE_RETRY_AFTER_SECONDS)
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .body(problem);
  }

  /** Seconds a client should wait before retrying a request the blob store could not serve. */
  static final String BLOBS_RETRY_AFTER_SECONDS = "30";

  /**
   * The blob store (S3) is unreachable or refuses this service: the administrator reads why in the
   * log and the readiness details; the user learns that nothing was changed. Files are stored
   * before the project refers to them, so a refused write leaves the project as it was.
   */
  @ExceptionHandler(BlobStoreException.class)
  ResponseEntity<ProblemDetail> blobStoreDown(BlobStoreException e) {
    LOG.error("The blob store failed a request: {}", e.getMessage());
    ProblemDetail problem =
        ProblemDetail.forStatusAndDetail(
            HttpStatus.SERVICE_UNAVAILABLE,
            "The file store is not available right now; nothing was changed, please try again"
                + " later.");
    problem.setTitle("File store unavailable");
    return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
        .header(HttpHeaders.RETRY_AFTER, BLOBS_RETRY_AFTER_SECONDS)
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .body(problem);
  }
}
