package io.quire.web.account;

import java.util.Map;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Hands out the CSRF token (and sets the {@code XSRF-TOKEN} cookie) for clients that start with a
 * state-changing call, such as a login form.
 */
@RestController
class CsrfController {

  @GetMapping("/api/auth/csrf")
  Map<String, String> csrf(CsrfToken token) {
    return Map.of("headerName", token.getHeaderName(), "token", token.getToken());
  }
}
