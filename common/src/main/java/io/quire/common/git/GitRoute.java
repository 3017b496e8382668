package io.quire.common.git;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A git smart-HTTP request in the only form Quire serves, decided from the raw request line.
 *
 * <p>JGit's {@code GitServlet} routes on the servlet container's <em>decoded</em> path info
 * (percent-escapes decoded, {@code ;} parameters removed, dot segments and doubled slashes
 * resolved) by suffix ({@code /git-receive-pack}, {@code /git-upload-pack}, {@code /info/refs}),
 * and on the decoded {@code service} parameter. A decision taken on any other reading of the URL
 * can disagree with it. So a request is accepted only when its raw path is already in the form
 * decoding cannot change: letters, digits, {@code . _ -} and single slashes, no {@code .} or {@code
 * ..} segment, nothing trailing; and then only the three endpoints git uses, each with git's own
 * method and query. Everything else is refused before anyone is authenticated (ADR 0014). web's
 * {@code /git/} proxy and git-worker's filter both decide with this class.
 *
 * @param projectId the project, 24 lower-case hex digits
 * @param dotGit whether the URL named the repository {@code <id>.git}
 * @param service the git service the request is for
 * @param advertisement true for {@code GET .../info/refs?service=...}, false for the {@code POST}
 *     that carries the service's request body
 */
public record GitRoute(String projectId, boolean dotGit, Service service, boolean advertisement) {

  /** The two git services of the smart protocol. */
  public enum Service {
    UPLOAD_PACK("git-upload-pack"),
    RECEIVE_PACK("git-receive-pack");

    private final String wireName;

    Service(String wireName) {
      this.wireName = wireName;
    }

    /** The service's name in URLs and in {@code ?service=}. */
    public String wireName() {
      return wireName;
    }
  }

  /**
   * The outcome of {@link #decide}: a route, or the status and plain-text message of a refusal.
   *
   * @param allow the method the endpoint takes, for the {@code Allow} header of a 405
   */
  public record Decision(GitRoute route, int status, String message, String allow) {
    public boolean accepted() {
      return route != null;
    }

    static Decision refuse(int status, String message) {
      return new Decision(null, status, message, null);
    }
  }

  static final String NOT_CANONICAL =
      "This git URL is not in its plain form: Quire refuses percent-escapes, ';' parameters,"
          + " '.' and '..' segments, and doubled or trailing slashes in git requests. Use the"
          + " clone URL exactly as Quire shows it (/git/<project id>).";
  static final String NOT_FOUND = "Use a clone URL of the form /git/<project id>.";
  static final String SMART_ONLY =
      "Quire speaks git's smart HTTP protocol only: GET <clone URL>/info/refs?service="
          + "git-upload-pack or ?service=git-receive-pack, and POST <clone URL>/git-upload-pack"
          + " or <clone URL>/git-receive-pack, without other parameters.";

  private static final Pattern PLAIN_SEGMENT = Pattern.compile("[A-Za-z0-9._-]+");
  private static final Pattern ROUTE =
      Pattern.compile("/git/([0-9a-f]{24})(\\.git)?/(info/refs|git-upload-pack|git-receive-pack)");

  /**
   * Decides a request from what is on its request line, before any decoding.
   *
   * @param method the HTTP method
   * @param rawPath the path as sent (for a servlet: the request URI without the context path)
   * @param rawQuery the query as sent, null when there is none
   */
  public static Decision decide(String method, String rawPath, String rawQuery) {
    if (!isPlain(rawPath)) {
      return Decision.refuse(400, NOT_CANONICAL);
    }
    Matcher matcher = ROUTE.matcher(rawPath);
    if (!matcher.matches()) {
      return Decision.refuse(404, NOT_FOUND);
    }
    String projectId = matcher.group(1);
    boolean dotGit = matcher.group(2) != null;
    String endpoint = matcher.group(3);
    if (endpoint.equals("info/refs")) {
      if (!"GET".equals(method)) {
        return new Decision(null, 405, SMART_ONLY, "GET");
      }
      for (Service service : Service.values()) {
        if (("service=" + service.wireName()).equals(rawQuery)) {
          return accept(new GitRoute(projectId, dotGit, service, true));
        }
      }
      return Decision.refuse(400, SMART_ONLY);
    }
    if (!"POST".equals(method)) {
      return new Decision(null, 405, SMART_ONLY, "POST");
    }
    if (rawQuery != null) {
      return Decision.refuse(400, SMART_ONLY);
    }
    Service service =
        endpoint.equals(Service.RECEIVE_PACK.wireName())
            ? Service.RECEIVE_PACK
            : Service.UPLOAD_PACK;
    return accept(new GitRoute(projectId, dotGit, service, false));
  }

  private static Decision accept(GitRoute route) {
    return new Decision(route, 200, null, null);
  }

  /** Whether a raw path reads the same before and after any decoding or normalisation. */
  static boolean isPlain(String rawPath) {
    if (rawPath == null || !rawPath.startsWith("/")) {
      return false;
    }
    for (String segment : rawPath.substring(1).split("/", -1)) {
      if (segment.equals(".")
          || segment.equals("..")
          || !PLAIN_SEGMENT.matcher(segment).matches()) {
        return false;
      }
    }
    return true;
  }

  /** Whether the request is (part of) a push. */
  public boolean isPush() {
    return service == Service.RECEIVE_PACK;
  }

  /** The canonical path: what the servlet container decodes it to is this very string. */
  public String path() {
    return "/git/"
        + projectId
        + (dotGit ? ".git" : "")
        + "/"
        + (advertisement ? "info/refs" : service.wireName());
  }

  /** The canonical query, null when the request has none. */
  public String query() {
    return advertisement ? "service=" + service.wireName() : null;
  }
}
