package io.quire.web.git;

import io.quire.common.git.GitRoute;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses every request the container maps to {@code /git/*} whose raw request line is not in the
 * canonical form of {@link GitRoute}, before any other filter reads the path: Spring's own path
 * parsing fails on some of them ({@code /gi%74/...}, {@code /git;x=1/...}) with a server error, and
 * none of them may reach git-worker.
 */
final class GitPathFilter extends OncePerRequestFilter {

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    GitRoute.Decision decision =
        GitRoute.decide(
            request.getMethod(),
            request.getRequestURI().substring(request.getContextPath().length()),
            request.getQueryString());
    if (!decision.accepted()) {
      GitProxyServlet.refuse(response, decision);
      return;
    }
    chain.doFilter(request, response);
  }
}
