package io.quire.web.git;

import io.quire.common.git.GitRoute;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Passes {@code /git/**} to git-worker, streaming bodies both ways (packs can be large), so git
 * works at web's address as it does behind nginx. Only requests in the canonical form of {@link
 * GitRoute} are passed on, rebuilt from that form, so web and git-worker read the same path; others
 * are refused here. Authentication and authorization are git-worker's: the Authorization header is
 * passed on untouched.
 */
public final class GitProxyServlet extends HttpServlet {
  private static final Logger LOG = LoggerFactory.getLogger(GitProxyServlet.class);

  /** Request headers git-worker needs; everything else stays here. */
  private static final List<String> FORWARDED_REQUEST_HEADERS =
      List.of(
          "Authorization",
          "Content-Type",
          "Content-Encoding",
          "Accept",
          "Accept-Encoding",
          "Git-Protocol",
          "User-Agent",
          "Pragma");

  private static final Set<String> HOP_BY_HOP =
      Set.of(
          "connection",
          "keep-alive",
          "transfer-encoding",
          "te",
          "trailer",
          "upgrade",
          "content-length",
          ":status");

  private final String workerUrl;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  GitProxyServlet(String workerUrl) {
    this.workerUrl = workerUrl.replaceAll("/+$", "");
  }

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    String rawPath = request.getRequestURI().substring(request.getContextPath().length());
    GitRoute.Decision decision =
        GitRoute.decide(request.getMethod(), rawPath, request.getQueryString());
    if (!decision.accepted()) {
      refuse(response, decision);
      return;
    }
    // the canonical form decided on, rebuilt: git-worker reads exactly what was decided here
    GitRoute route = decision.route();
    URI target =
        URI.create(workerUrl + route.path() + (route.query() == null ? "" : "?" + route.query()));
    HttpRequest.Builder outgoing = HttpRequest.newBuilder(target).timeout(Duration.ofMinutes(10));
    for (String name : FORWARDED_REQUEST_HEADERS) {
      String value = request.getHeader(name);
      if (value != null) {
        outgoing.header(name, value);
      }
    }
    outgoing.header("X-Forwarded-For", request.getRemoteAddr());
    outgoing.method(request.getMethod(), body(request));
    HttpResponse<InputStream> answer;
    try {
      answer = http.send(outgoing.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      response.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
      return;
    } catch (IOException e) {
      LOG.warn("git-worker at {} did not answer: {}", workerUrl, e.toString());
      response.setStatus(HttpServletResponse.SC_BAD_GATEWAY);
      response.setContentType("text/plain;charset=UTF-8");
      response.getWriter().write("The git service is not available right now; try again.\n");
      return;
    }
    response.setStatus(answer.statusCode());
    answer
        .headers()
        .map()
        .forEach(
            (name, values) -> {
              if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(v -> response.addHeader(name, v));
              }
            });
    try (InputStream in = answer.body()) {
      OutputStream out = response.getOutputStream();
      byte[] buffer = new byte[64 * 1024];
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        out.write(buffer, 0, n);
        // git reads progress and sideband messages as they come
        if (in.available() == 0) {
          out.flush();
        }
      }
    }
  }

  /** A plain-text refusal, which git shows as {@code remote: ...}; nothing reaches git-worker. */
  static void refuse(HttpServletResponse response, GitRoute.Decision decision) throws IOException {
    response.setStatus(decision.status());
    if (decision.allow() != null) {
      response.setHeader("Allow", decision.allow());
    }
    response.setContentType("text/plain;charset=UTF-8");
    response.setHeader("Cache-Control", "no-cache, max-age=0, must-revalidate");
    response.getWriter().write(decision.message() + "\n");
  }

  private static HttpRequest.BodyPublisher body(HttpServletRequest request) {
    if (request.getMethod().equals("GET") || request.getMethod().equals("HEAD")) {
      return HttpRequest.BodyPublishers.noBody();
    }
    HttpRequest.BodyPublisher stream =
        HttpRequest.BodyPublishers.ofInputStream(
            () -> {
              try {
                return request.getInputStream();
              } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            });
    long length = request.getContentLengthLong();
    return length >= 0 ? HttpRequest.BodyPublishers.fromPublisher(stream, length) : stream;
  }

  /** Whether a request is for the git bridge (and so carries no CSRF token: git is no browser). */
  public static boolean isGitRequest(HttpServletRequest request) {
    return request.getRequestURI().startsWith(request.getContextPath() + "/git/");
  }
}
