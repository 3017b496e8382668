package io.quire.web.account;

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
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Personal access tokens: create (the secret is shown once), list, revoke. */
@RestController
@Tag(name = "Access tokens")
class TokenController {
  private final TokenStore tokens;

  TokenController(TokenStore tokens) {
    this.tokens = tokens;
  }

  record CreateTokenRequest(
      @NotBlank @Size(max = 100) String name, @Min(1) @Max(3650) Integer expiresInDays) {}

  record CreatedToken(String id, String name, String token, Instant created, Instant expires) {}

  @Operation(
      operationId = "createToken",
      summary = "Create a personal access token",
      description =
          "For the signed-in user; `expiresInDays` (1 to 3650) is optional. The secret (`token`) is"
              + " in this answer only: Quire keeps a hash.")
  @ApiResponse(responseCode = "201", description = "The token, with its secret shown this once")
  @PostMapping("/api/me/tokens")
  @ResponseStatus(HttpStatus.CREATED)
  CreatedToken create(
      @AuthenticationPrincipal QuireUser user, @Valid @RequestBody CreateTokenRequest body) {
    Instant expires =
        body.expiresInDays() == null
            ? null
            : Instant.now().plus(Duration.ofDays(body.expiresInDays()));
    TokenStore.Created created = tokens.create(user.id(), body.name().trim(), expires);
    return new CreatedToken(
        created.token().id(),
        created.token().name(),
        created.secret(),
        created.token().created(),
        created.token().expires());
  }

  @Operation(
      operationId = "listTokens",
      summary = "List one's access tokens",
      description = "Names, creation, expiry and last use; never the secrets.")
  @ApiResponse(responseCode = "200", description = "The caller's tokens")
  @GetMapping("/api/me/tokens")
  List<AccessToken> list(@AuthenticationPrincipal QuireUser user) {
    return tokens.list(user.id());
  }

  @Operation(
      operationId = "revokeToken",
      summary = "Revoke an access token",
      description = "One of the caller's own tokens; it stops working at once.")
  @ApiResponse(responseCode = "204", description = "Revoked")
  @ApiResponse(responseCode = "404", description = "The caller has no token with this id.")
  @DeleteMapping("/api/me/tokens/{tokenId}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void revoke(@AuthenticationPrincipal QuireUser user, @PathVariable String tokenId) {
    if (!tokens.revoke(user.id(), tokenId)) {
      throw ApiException.notFound("You have no token with this id.");
    }
  }
}
