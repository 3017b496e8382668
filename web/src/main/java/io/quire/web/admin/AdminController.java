package io.quire.web.admin;

import io.quire.common.project.Project;
import io.quire.common.project.ProjectStore;
import io.quire.web.account.AccountService;
import io.quire.web.account.QuireUser;
import io.quire.web.account.Role;
import io.quire.web.account.SiteSettings;
import io.quire.web.account.User;
import io.quire.web.account.UserStore;
import io.quire.web.system.ApiException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The admin API; {@code /api/admin/**} is limited to administrators by the security chain. */
@RestController
@Tag(name = "Administration")
class AdminController {
  private static final Logger LOG = LoggerFactory.getLogger(AdminController.class);
  private static final int MAX_RESULTS = 200;

  private final UserStore users;
  private final AccountService accounts;
  private final SiteSettings settings;
  private final ProjectStore projects;

  AdminController(
      UserStore users, AccountService accounts, SiteSettings settings, ProjectStore projects) {
    this.users = users;
    this.accounts = accounts;
    this.settings = settings;
    this.projects = projects;
  }

  record UserRow(
      String id, String email, String name, String role, boolean disabled, Instant created) {
    static UserRow of(User u) {
      return new UserRow(
          u.id(),
          u.email(),
          u.name(),
          u.role().name().toLowerCase(Locale.ROOT),
          u.disabled(),
          u.created());
    }
  }

  record CreateUserRequest(
      @NotBlank @Email @Size(max = 254) String email,
      @NotBlank @Size(max = 100) String name,
      @Size(max = 200) String password,
      Boolean admin) {}

  record CreatedUser(UserRow user, String generatedPassword) {}

  record DisableRequest(@NotNull Boolean disabled) {}

  record Settings(@NotNull Boolean registrationOpen) {}

  record ProjectRow(
      String id,
      String name,
      String ownerId,
      String ownerEmail,
      int collaborators,
      long files,
      boolean trashed,
      Instant created,
      Instant updated) {}

  @Operation(
      operationId = "adminListUsers",
      summary = "Find user accounts",
      description =
          "Administrators. `q` searches e-mail addresses and names (any case); newest first, at"
              + " most 200.")
  @ApiResponse(responseCode = "200", description = "The accounts found")
  @GetMapping("/api/admin/users")
  List<UserRow> users(@RequestParam(required = false) String q) {
    return users.search(q, MAX_RESULTS).stream().map(UserRow::of).toList();
  }

  @Operation(
      operationId = "adminCreateUser",
      summary = "Create an account",
      description =
          "Administrators; works while registration is closed. Without `password` one is"
              + " generated and shown this once (`generatedPassword`); `admin` makes an"
              + " administrator.")
  @ApiResponse(
      responseCode = "201",
      description = "The account, with the generated password if any")
  @ApiResponse(responseCode = "409", description = "An account with this address exists already.")
  @PostMapping("/api/admin/users")
  @ResponseStatus(HttpStatus.CREATED)
  CreatedUser create(@Valid @RequestBody CreateUserRequest body) {
    AccountService.Created created =
        accounts.createByAdmin(
            body.email(),
            body.password(),
            body.name(),
            Boolean.TRUE.equals(body.admin()) ? Role.ADMIN : Role.USER);
    return new CreatedUser(UserRow.of(created.user()), created.generatedPassword());
  }

  @Operation(
      operationId = "adminSetUserDisabled",
      summary = "Disable or enable an account",
      description =
          "Administrators. `{disabled}`; a disabled account's sessions end at its next request"
              + " and it cannot sign in. An administrator cannot disable themself.")
  @ApiResponse(responseCode = "200", description = "The account as changed")
  @ApiResponse(responseCode = "400", description = "An administrator tried to disable themself.")
  @ApiResponse(responseCode = "404", description = "No such user.")
  @PostMapping("/api/admin/users/{userId}/disabled")
  UserRow disable(
      @AuthenticationPrincipal QuireUser admin,
      @PathVariable String userId,
      @Valid @RequestBody DisableRequest body) {
    if (admin.id().equals(userId) && body.disabled()) {
      throw ApiException.badRequest("You cannot disable your own account.");
    }
    accounts.setDisabled(userId, body.disabled());
    LOG.info("Administrator {} set user {} disabled={}", admin.id(), userId, body.disabled());
    return users.findById(userId).map(UserRow::of).orElseThrow();
  }

  /**
   * Deletes an account: its tokens go, its own projects are deleted; projects of others it was a
   * member of show it as a deleted account until their owners remove it.
   */
  @Operation(
      operationId = "adminDeleteUser",
      summary = "Delete an account",
      description =
          "Administrators, not their own. Its tokens are revoked and its own projects deleted;"
              + " projects of others it was a member of show it as a deleted account.")
  @ApiResponse(responseCode = "204", description = "Deleted")
  @ApiResponse(responseCode = "400", description = "An administrator tried to delete themself.")
  @ApiResponse(responseCode = "404", description = "No such user.")
  @DeleteMapping("/api/admin/users/{userId}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void delete(@AuthenticationPrincipal QuireUser admin, @PathVariable String userId) {
    if (admin.id().equals(userId)) {
      throw ApiException.badRequest("You cannot delete your own account.");
    }
    users.findById(userId).orElseThrow(() -> ApiException.notFound("No such user."));
    for (Project p : projects.listFor(userId)) {
      if (p.ownerId().equals(userId)) {
        projects.markDeleted(p.id());
      }
    }
    // its tokens go, and its sessions and open sockets end at once
    accounts.delete(userId);
    LOG.info("Administrator {} deleted user {}", admin.id(), userId);
  }

  @Operation(
      operationId = "adminGetSettings",
      summary = "The site settings",
      description = "Administrators. Whether self-service registration is open.")
  @ApiResponse(responseCode = "200", description = "The settings")
  @GetMapping("/api/admin/settings")
  Settings settings() {
    return new Settings(settings.registrationOpen());
  }

  @Operation(
      operationId = "adminUpdateSettings",
      summary = "Change the site settings",
      description = "Administrators. `{registrationOpen}`.")
  @ApiResponse(responseCode = "200", description = "The settings as changed")
  @PutMapping("/api/admin/settings")
  Settings updateSettings(@Valid @RequestBody Settings body) {
    settings.setRegistrationOpen(body.registrationOpen());
    return settings();
  }

  /** A project by id (or by part of its name), whoever owns it. */
  @Operation(
      operationId = "adminFindProjects",
      summary = "Find projects by id or name",
      description = "Administrators; whoever owns them. `q` (required): an id or part of a name.")
  @ApiResponse(responseCode = "200", description = "The projects found, at most 200")
  @ApiResponse(responseCode = "400", description = "No `q`, or a blank one.")
  @GetMapping("/api/admin/projects")
  List<ProjectRow> projects(@RequestParam String q) {
    if (q.isBlank()) {
      throw ApiException.badRequest("q: give a project id or part of a name.");
    }
    return projects.findByIdOrName(q.strip(), MAX_RESULTS).stream().map(this::row).toList();
  }

  @Operation(
      operationId = "adminGetProject",
      summary = "One project, whoever owns it",
      description = "Administrators. Owner, member count, file count, trash state, dates.")
  @ApiResponse(responseCode = "200", description = "The project")
  @ApiResponse(responseCode = "404", description = "No such project.")
  @GetMapping("/api/admin/projects/{projectId}")
  ProjectRow project(@PathVariable String projectId) {
    return projects
        .find(projectId)
        .map(this::row)
        .orElseThrow(() -> ApiException.notFound("There is no project " + projectId + "."));
  }

  private ProjectRow row(Project p) {
    return new ProjectRow(
        p.id(),
        p.name(),
        p.ownerId(),
        users.findById(p.ownerId()).map(User::email).orElse(null),
        p.collaborators().size(),
        p.fileCount(),
        p.trashed(),
        p.created(),
        p.updated());
  }
}
