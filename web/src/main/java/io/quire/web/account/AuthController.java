package io.quire.web.account;

import io.quire.web.mail.Mailer;
import io.quire.web.system.ApiException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Registration, password login and logout, and who am I. */
@RestController
@Tag(name = "Account")
class AuthController {
  private final AccountService accounts;
  private final AuthenticationManager authentication;
  private final SecurityContextRepository contexts;
  private final LoginThrottle throttle;
  private final RegistrationThrottle registrations;
  private final EmailPolicy email;
  private final QuietRegistration quietRegistration;

  AuthController(
      AccountService accounts,
      AuthenticationManager authentication,
      SecurityContextRepository contexts,
      LoginThrottle throttle,
      RegistrationThrottle registrations,
      EmailPolicy email,
      QuietRegistration quietRegistration) {
    this.email = email;
    this.quietRegistration = quietRegistration;
    this.accounts = accounts;
    this.authentication = authentication;
    this.contexts = contexts;
    this.throttle = throttle;
    this.registrations = registrations;
  }

  record PasswordChangeRequest(
      @NotBlank String currentPassword, @NotBlank @Size(max = 200) String newPassword) {}

  record RegisterRequest(
      @NotBlank @Email @Size(max = 254) String email,
      @NotBlank @Size(max = 200) String password,
      @NotBlank @Size(max = 100) String name) {}

  record LoginRequest(@NotBlank String email, @NotBlank String password) {}

  record UserView(
      String id, String email, String name, String role, Instant created, boolean emailVerified) {
    static UserView of(User user) {
      return new UserView(
          user.id(),
          user.email(),
          user.name(),
          user.role().name().toLowerCase(),
          user.created(),
          user.emailVerified());
    }
  }

  @Operation(
      operationId = "register",
      summary = "Create an account and sign in",
      description =
          "Anyone may call it while registration is open. Without e-mail, the answer is the new"
              + " account and sets the session cookie. With e-mail (QUIRE_SMTP_HOST), it is 202"
              + " whether the address was free or taken, signs nobody in, and mails the address a"
              + " verification link or a note that it has an account (ADR 0025). Limited per"
              + " client address (QUIRE_ACCOUNTS_REGISTRATION_THROTTLE_PER_ADDRESS).")
  @ApiResponse(responseCode = "201", description = "The new account, signed in (no e-mail)")
  @ApiResponse(
      responseCode = "202",
      description = "With e-mail: `{email, next}`, the same for a free and a taken address")
  @ApiResponse(
      responseCode = "403",
      description = "An administrator has closed registration on this server.")
  @ApiResponse(
      responseCode = "409",
      description = "Without e-mail only: an account with this address exists already.")
  @ApiResponse(
      responseCode = "429",
      description = "Too many registrations from this address; `retryAfterSeconds` says when.")
  @PostMapping("/api/auth/register")
  ResponseEntity<Object> register(
      @Valid @RequestBody RegisterRequest body,
      HttpServletRequest request,
      HttpServletResponse response) {
    registrations.attempt(request.getRemoteAddr());
    Optional<Mailer> mailer = email.mailer();
    if (mailer.isPresent()) {
      return ResponseEntity.status(HttpStatus.ACCEPTED)
          .body(
              quietRegistration.register(mailer.get(), body.email(), body.password(), body.name()));
    }
    User user = accounts.register(body.email(), body.password(), body.name());
    signIn(body.email(), body.password(), request, response);
    throttle.succeeded(request.getRemoteAddr(), body.email());
    return ResponseEntity.status(HttpStatus.CREATED).body(UserView.of(user));
  }

  @Operation(
      operationId = "login",
      summary = "Sign in with e-mail and password",
      description =
          "Anyone may call it; the answer sets a new session cookie (a new session id on every"
              + " sign-in). Attempts are limited per address and per account, without locking"
              + " anyone out (ADR 0018).")
  @ApiResponse(responseCode = "200", description = "The signed-in user")
  @ApiResponse(
      responseCode = "401",
      description =
          "Wrong e-mail or password, or the account is disabled: one answer, whatever the reason.")
  @ApiResponse(
      responseCode = "429",
      description = "Too many attempts; `retryAfterSeconds` says when to try again.")
  @PostMapping("/api/auth/login")
  UserView login(
      @Valid @RequestBody LoginRequest body,
      HttpServletRequest request,
      HttpServletResponse response) {
    throttle.attempt(request.getRemoteAddr(), body.email());
    QuireUser user = signIn(body.email(), body.password(), request, response);
    throttle.succeeded(request.getRemoteAddr(), body.email());
    return accounts.find(user.id()).map(UserView::of).orElseThrow();
  }

  @Operation(
      operationId = "logout",
      summary = "Sign out",
      description = "Ends the caller's session; a bearer-token caller has none to end.")
  @ApiResponse(responseCode = "204", description = "Signed out")
  @PostMapping("/api/auth/logout")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void logout(HttpServletRequest request) {
    var session = request.getSession(false);
    if (session != null) {
      session.invalidate();
    }
    SecurityContextHolder.clearContext();
  }

  @Operation(operationId = "me", summary = "The signed-in user")
  @ApiResponse(responseCode = "200", description = "Who the caller is, with their role")
  @ApiResponse(responseCode = "404", description = "The account was deleted meanwhile.")
  @GetMapping("/api/me")
  UserView me(@AuthenticationPrincipal QuireUser user) {
    return accounts
        .find(user.id())
        .map(UserView::of)
        .orElseThrow(() -> ApiException.notFound("This account no longer exists."));
  }

  /**
   * Changes the password; a new session id follows, as after a sign-in. Every other session of the
   * account ends (ADR 0022); this one goes on with the account's new session epoch.
   */
  @Operation(
      operationId = "changePassword",
      summary = "Change one's password",
      description =
          "A signed-in person only, never an access token. Needs the current password; the"
              + " session gets a new id, as after a sign-in, and every other session of the account"
              + " ends (ADR 0022).")
  @ApiResponse(responseCode = "204", description = "Changed")
  @ApiResponse(
      responseCode = "400",
      description =
          "The current password is wrong, or the new one is too short or too easy to guess"
              + " (`errors.password`).")
  @PostMapping("/api/me/password")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @SessionOnly
  void changePassword(
      @AuthenticationPrincipal QuireUser user,
      @Valid @RequestBody PasswordChangeRequest body,
      HttpServletRequest request,
      HttpServletResponse response) {
    var session = request.getSession(false);
    String before = session == null ? null : session.getId();
    long epoch =
        accounts.changePassword(user.id(), body.currentPassword(), body.newPassword(), before);
    if (session == null) {
      return;
    }
    request.changeSessionId();
    Authentication current = SecurityContextHolder.getContext().getAuthentication();
    SecurityContext context = SecurityContextHolder.createEmptyContext();
    context.setAuthentication(
        UsernamePasswordAuthenticationToken.authenticated(
            user.withSessionEpoch(epoch), null, current.getAuthorities()));
    SecurityContextHolder.setContext(context);
    contexts.saveContext(context, request, response);
  }

  private QuireUser signIn(
      String email, String password, HttpServletRequest request, HttpServletResponse response) {
    Authentication result;
    try {
      result =
          authentication.authenticate(
              UsernamePasswordAuthenticationToken.unauthenticated(
                  UserStore.normaliseEmail(email), password));
    } catch (AuthenticationException e) {
      throw new ApiException(
          HttpStatus.UNAUTHORIZED,
          "Sign-in failed",
          "Wrong e-mail or password, or the account is disabled.");
    }
    // a new session id on sign-in (no session fixation)
    if (request.getSession(false) != null) {
      request.changeSessionId();
    }
    SecurityContext context = SecurityContextHolder.createEmptyContext();
    context.setAuthentication(result);
    SecurityContextHolder.setContext(context);
    contexts.saveContext(context, request, response);
    return (QuireUser) result.getPrincipal();
  }
}
