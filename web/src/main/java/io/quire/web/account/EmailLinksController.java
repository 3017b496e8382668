package io.quire.web.account;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** What e-mailed links do: reset a forgotten password, verify an address (ADR 0025). */
@RestController
@Tag(name = "Account")
class EmailLinksController {
  private final PasswordReset reset;
  private final EmailVerification verification;

  EmailLinksController(PasswordReset reset, EmailVerification verification) {
    this.reset = reset;
    this.verification = verification;
  }

  record ResetRequest(@NotBlank @Size(max = 254) String email) {}

  record ResetConfirmation(
      @NotBlank @Size(max = 200) String token, @NotBlank @Size(max = 200) String password) {}

  record VerifyRequest(@NotBlank @Size(max = 200) String token) {}

  @Operation(
      operationId = "requestPasswordReset",
      summary = "Mail a password reset link",
      description =
          "Anyone may call it. The answer is the same whether the address has an account or not;"
              + " an active account's address gets a link that works once, for an hour. Limited"
              + " per client address and per recipient (QUIRE_MAIL_THROTTLE_*).")
  @ApiResponse(responseCode = "202", description = "Accepted, whatever the address")
  @ApiResponse(responseCode = "409", description = "This server sends no e-mail.")
  @ApiResponse(responseCode = "429", description = "Too many requests from this client address.")
  @PostMapping("/api/auth/password-reset")
  @ResponseStatus(HttpStatus.ACCEPTED)
  void requestReset(@Valid @RequestBody ResetRequest body, HttpServletRequest request) {
    reset.request(body.email(), request.getRemoteAddr());
  }

  @Operation(
      operationId = "confirmPasswordReset",
      summary = "Choose a new password with a reset link's token",
      description =
          "Anyone holding the token (the reset link's fragment). Uses the token up and ends every"
              + " session of the account; sign in with the new password afterwards.")
  @ApiResponse(responseCode = "204", description = "The password is changed")
  @ApiResponse(
      responseCode = "400",
      description =
          "The token is not valid (expired, used, replaced, wrong) (`errors.token`), or the"
              + " password is too weak (`errors.password`, the token still works).")
  @PostMapping("/api/auth/password-reset/confirm")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void confirmReset(@Valid @RequestBody ResetConfirmation body) {
    reset.confirm(body.token(), body.password());
  }

  @Operation(
      operationId = "verifyEmail",
      summary = "Verify an address with a verification link's token",
      description =
          "Anyone holding the token (the verification link's fragment), signed in or not; not"
              + " while signed in to another account. Works once.")
  @ApiResponse(responseCode = "204", description = "The address is verified")
  @ApiResponse(responseCode = "400", description = "The token is not valid (`errors.token`).")
  @ApiResponse(
      responseCode = "403",
      description = "The caller is signed in to another account than the token's.")
  @PostMapping("/api/auth/verify-email")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void verify(@Valid @RequestBody VerifyRequest body, @AuthenticationPrincipal QuireUser caller) {
    verification.verify(body.token(), caller);
  }

  @Operation(
      operationId = "resendVerificationEmail",
      summary = "Mail one's verification link again",
      description = "The signed-in user; earlier links stop working. Limited per client address.")
  @ApiResponse(responseCode = "202", description = "A new link is on its way")
  @ApiResponse(
      responseCode = "409",
      description = "The address is verified already, or this server sends no e-mail.")
  @ApiResponse(responseCode = "429", description = "Too many requests from this client address.")
  @PostMapping("/api/me/verification-email")
  @ResponseStatus(HttpStatus.ACCEPTED)
  void resend(@AuthenticationPrincipal QuireUser caller, HttpServletRequest request) {
    verification.resend(caller, request.getRemoteAddr());
  }
}
