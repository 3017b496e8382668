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

  @GetMapping("/api/admin/users")
  List<UserRow> users(@RequestParam(required = false) String q) {
    return users.search(q, MAX_RESULTS).stream().map(UserRow::of).toList();
  }

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

  @GetMapping("/api/admin/settings")
  Settings settings() {
    return new Settings(settings.registrationOpen());
  }

  @PutMapping("/api/admin/settings")
  Settings updateSettings(@Valid @RequestBody Settings body) {
    settings.setRegistrationOpen(body.registrationOpen());
    return settings();
  }

  /** A project by id (or by part of its name), whoever owns it. */
  @GetMapping("/api/admin/projects")
  List<ProjectRow> projects(@RequestParam String q) {
    if (q.isBlank()) {
      throw ApiException.badRequest("q: give a project id or part of a name.");
    }
    return projects.findByIdOrName(q.strip(), MAX_RESULTS).stream().map(this::row).toList();
  }

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
