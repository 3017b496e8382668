package io.quire.web.account;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Arrays;
import java.util.Map;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Hands out the CSRF token (and sets the {@code XSRF-TOKEN} cookie) for clients that start with a
 * state-changing call, such as a login form. The token returned is the cookie's raw value, the one
 * the {@code X-XSRF-TOKEN} header must carry (the request attribute holds a masked form meant for
 * form fields).
 */
@RestController
@Tag(name = "Account")
class CsrfController {
  static final String COOKIE = "XSRF-TOKEN";

  @Operation(
      operationId = "csrfToken",
      summary = "Get the CSRF token",
      description =
          "Anyone may call it. Sets the XSRF-TOKEN cookie when the client has none and answers"
              + " `{headerName, cookieName, token}`: a cookie-session client sends `token` in"
              + " `headerName` on every state-changing call, including the sign-in itself.")
  @ApiResponse(responseCode = "200", description = "The header name, the cookie name and the token")
  @GetMapping("/api/auth/csrf")
  Map<String, String> csrf(
      CsrfToken token, HttpServletRequest request, HttpServletResponse response) {
    // reading the token makes the repository write the cookie when this session has none yet
    token.getToken();
    String raw =
        response.getHeaders("Set-Cookie").stream()
            .filter(header -> header.startsWith(COOKIE + "="))
            .map(header -> header.substring(COOKIE.length() + 1).split(";", 2)[0])
            .filter(value -> !value.isEmpty())
            .findFirst()
            .orElseGet(() -> fromRequest(request));
    return Map.of("headerName", token.getHeaderName(), "cookieName", COOKIE, "token", raw);
  }

  private static String fromRequest(HttpServletRequest request) {
    Cookie[] cookies = request.getCookies() == null ? new Cookie[0] : request.getCookies();
    return Arrays.stream(cookies)
        .filter(c -> c.getName().equals(COOKIE))
        .map(Cookie::getValue)
        .findFirst()
        .orElse("");
  }
}
