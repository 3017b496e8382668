package io.quire.web.account;

import io.quire.common.account.TokenScope;
import io.quire.web.system.ApiException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Personal access tokens: create (the secret is shown once), list, revoke. Only a signed-in person
 * manages tokens; a token cannot (ADR 0021).
 */
@RestController
@Tag(name = "Access tokens")
@SessionOnly
class TokenController {
  private final TokenStore tokens;
  private final UserStore users;
  private final TokenProperties properties;

  TokenController(TokenStore tokens, UserStore users, TokenProperties properties) {
    this.tokens = tokens;
    this.users = users;
    this.properties = properties;
  }

  /**
   * @param scopes one or more of {@code git}, {@code api:read}, {@code api}, {@code admin}
   * @param expiresInDays the token's lifetime; the configured default when absent
   * @param neverExpires {@code true} for a token that never expires (then no {@code expiresInDays})
   */
  record CreateTokenRequest(
      @NotBlank @Size(max = 100) String name,
      @Size(max = 10) List<String> scopes,
      @Min(1) @Max(3650) Integer expiresInDays,
      Boolean neverExpires) {}

  record CreatedToken(
      String id,
      String name,
      String token,
      List<String> scopes,
      Instant created,
      Instant expires) {}

  @Operation(
      operationId = "createToken",
      summary = "Create a personal access token",
      description =
          "A signed-in person only, never a token (ADR 0021). `{name, scopes, expiresInDays?,"
              + " neverExpires?}`: `scopes` one or more of git, api:read, api, admin (admin only"
              + " for administrators); without `expiresInDays` the configured default lifetime. The"
              + " secret (`token`) is in this answer only: Quire keeps a hash.")
  @ApiResponse(responseCode = "201", description = "The token, with its secret shown this once")
  @ApiResponse(
      responseCode = "400",
      description =
          "No or an unknown scope (`validScopes` lists them), or both an expiry and"
              + " `neverExpires`.")
  @ApiResponse(
      responseCode = "403",
      description = "The admin scope asked by someone not an administrator.")
  @PostMapping("/api/me/tokens")
  @ResponseStatus(HttpStatus.CREATED)
  CreatedToken create(
      @AuthenticationPrincipal QuireUser user, @Valid @RequestBody CreateTokenRequest body) {
    Set<TokenScope> scopes = scopes(body.scopes());
    if (scopes.contains(TokenScope.ADMIN)
        && !users.findById(user.id()).map(User::isAdmin).orElse(false)) {
      throw ApiException.forbidden("Only an administrator may create a token with the admin scope.")
          .with("errors", Map.of("scopes", "Only an administrator may choose admin."));
    }
    boolean never = Boolean.TRUE.equals(body.neverExpires());
    if (never && body.expiresInDays() != null) {
      throw ApiException.badRequest(
              "Choose either an expiry (expiresInDays) or a token that never expires, not both.")
          .with("errors", Map.of("expiresInDays", "Leave empty for a token that never expires."));
    }
    int days = body.expiresInDays() == null ? properties.defaultExpiryDays() : body.expiresInDays();
    Instant expires = never ? null : Instant.now().plus(Duration.ofDays(days));
    TokenStore.Created created = tokens.create(user.id(), body.name().trim(), scopes, expires);
    return new CreatedToken(
        created.token().id(),
        created.token().name(),
        created.secret(),
        created.token().scopes(),
        created.token().created(),
        created.token().expires());
  }

  @Operation(
      operationId = "listTokens",
      summary = "List one's access tokens",
      description =
          "A signed-in person only. Names, scopes, creation, expiry and last use; never the"
              + " secrets.")
  @ApiResponse(responseCode = "200", description = "The caller's tokens")
  @GetMapping("/api/me/tokens")
  List<AccessToken> list(@AuthenticationPrincipal QuireUser user) {
    return tokens.list(user.id());
  }

  @Operation(
      operationId = "revokeToken",
      summary = "Revoke an access token",
      description = "A signed-in person only, one of their own tokens; it stops working at once.")
  @ApiResponse(responseCode = "204", description = "Revoked")
  @ApiResponse(responseCode = "404", description = "The caller has no token with this id.")
  @DeleteMapping("/api/me/tokens/{tokenId}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void revoke(@AuthenticationPrincipal QuireUser user, @PathVariable String tokenId) {
    if (!tokens.revoke(user.id(), tokenId)) {
      throw ApiException.notFound("You have no token with this id.");
    }
  }

  /** The scopes asked for: at least one, each a known one, else a 400 naming the valid ones. */
  private static Set<TokenScope> scopes(List<String> names) {
    String valid = String.join(", ", TokenScope.wireNames());
    if (names == null || names.isEmpty()) {
      String message = "Choose at least one scope for the token: " + valid + ".";
      throw ApiException.badRequest(message)
          .with("errors", Map.of("scopes", message))
          .with("validScopes", TokenScope.wireNames());
    }
    Set<TokenScope> scopes = EnumSet.noneOf(TokenScope.class);
    for (String name : names) {
      TokenScope scope =
          TokenScope.fromWire(name == null ? "" : name.trim())
              .orElseThrow(
                  () -> {
                    String message =
                        "Unknown scope '" + name + "': the valid scopes are " + valid + ".";
                    return ApiException.badRequest(message)
                        .with("errors", Map.of("scopes", message))
                        .with("validScopes", TokenScope.wireNames());
                  });
      scopes.add(scope);
    }
    return scopes;
  }
}
