package io.quire.web.system;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The Content-Security-Policy of every answer, decided by route before anything else runs (so
 * refusals and errors carry it too). Quire's own pages and the files they load get {@link #PAGES},
 * which lets only Quire's script files run. Everything else, the API and the git proxy among it,
 * answers data, some of it user content, never a page: {@link #USER_CONTENT} makes whatever a
 * browser is made to open there an inert document of an origin of its own. ADR 0013 says why each
 * directive is there.
 */
class ContentSecurityPolicyFilter extends OncePerRequestFilter {
  /**
   * {@code sandbox}: no script, no forms, no plugins, an opaque origin without Quire's cookies;
   * {@code default-src 'none'}: the document loads nothing; inline styles only so a browser's own
   * text and image viewers keep their layout.
   */
  static final String USER_CONTENT =
      "sandbox; default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; "
          + "base-uri 'none'; form-action 'none'";

  /**
   * Scripts only from Quire's own files: no inline script and no eval (WebAssembly may compile,
   * which PDF.js needs for JPEG 2000 images). Inline styles stay: CodeMirror writes its theme into
   * a {@code <style>} element, and static pages carry no per-answer nonce.
   */
  static final String PAGES =
      "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; "
          + "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; "
          + "worker-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'; "
          + "form-action 'self'";

  private static final Set<String> PAGE_PATHS =
      Set.of(
          "/",
          "/login",
          "/register",
          "/reset-password",
          "/verify-email",
          "/projects",
          "/settings",
          "/admin",
          "/admin/queues",
          "/swagger-ui.html");
  private static final List<String> PAGE_PREFIXES =
      List.of(
          "/project/", "/join/", "/invite/", "/pages/", "/css/", "/js/", "/dist/", "/swagger-ui/");

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    response.setHeader("Content-Security-Policy", policyFor(request));
    response.setHeader("X-Content-Type-Options", "nosniff");
    chain.doFilter(request, response);
  }

  /**
   * An error answer is data whatever failed: the error dispatch (to /error) gets the data policy.
   */
  @Override
  protected boolean shouldNotFilterErrorDispatch() {
    return false;
  }

  static String policyFor(HttpServletRequest request) {
    // the container's decoded, normalised path: what the router matches, however the URL spelled it
    String path =
        request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
    return isPage(path) ? PAGES : USER_CONTENT;
  }

  /**
   * Quire's pages and the files they load; anything else, the API and the git proxy first, is data.
   * A page route missing here is sandboxed, its scripts do not run, and its tests say so.
   */
  private static boolean isPage(String path) {
    return PAGE_PATHS.contains(path) || PAGE_PREFIXES.stream().anyMatch(path::startsWith);
  }
}
