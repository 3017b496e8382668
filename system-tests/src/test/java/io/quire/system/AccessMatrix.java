package io.quire.system;

import io.quire.common.project.Access;
import io.quire.testsupport.ApiClient.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The access matrix's model: who calls (a {@link Principal}: a {@link Role} and how it proves it,
 * its {@link Credential}), what is called (a {@link Row}: one endpoint with a valid request and the
 * {@link Rule} it answers to), and the outcome the rules give for each pair ({@link #expected}).
 *
 * <p>A new kind of credential (a token with scopes: {@code git}, {@code api:read}, {@code api},
 * {@code admin}) is one more {@link Credential} constant saying which {@link Category} of request
 * it reaches; {@link #principals()} then gives it a column for every role, and every row a cell.
 */
final class AccessMatrix {
  private AccessMatrix() {}

  /** Who a principal is, seen from the projects the matrix calls. */
  enum Role {
    /** Owns the project. */
    OWNER(Access.OWNER),
    /** Invited with read-write access. */
    WRITER(Access.READ_WRITE),
    /** Invited read-only. */
    READER(Access.READ_ONLY),
    /** Joined by the read-only sharing link. */
    LINK_READER(Access.READ_ONLY),
    /** Joined by the read-write sharing link. */
    LINK_WRITER(Access.READ_WRITE),
    /** Signed in, no access to the project. */
    STRANGER(null),
    /** No account at all. */
    SIGNED_OUT(null),
    /**
     * An invited writer whose account an administrator disabled after it signed in and made a
     * token: its session and its token must stop working.
     */
    DISABLED(Access.READ_WRITE),
    /** An administrator, not a member: has owner access to every project. */
    ADMIN(Access.OWNER);

    private final Access projectAccess;

    Role(Access projectAccess) {
      this.projectAccess = projectAccess;
    }

    Optional<Access> projectAccess() {
      return Optional.ofNullable(projectAccess);
    }

    boolean hasAccount() {
      return this != SIGNED_OUT;
    }
  }

  /**
   * What a request does, which decides whether a scoped credential reaches it. Today's tokens reach
   * every category.
   */
  enum Category {
    /** Pages, sign-in and registration, the API description: no account needed. */
    PUBLIC,
    /** Reads through the API. */
    API_READ,
    /** Changes through the API. */
    API_WRITE,
    /** The account's own credentials: tokens, password. */
    CREDENTIALS,
    /** The admin API and the actuator. */
    ADMIN,
    /** git clone and fetch. */
    GIT_READ,
    /** git push. */
    GIT_WRITE,
    /** The collaboration socket: joining a document. */
    SOCKET_READ,
    /** The collaboration socket: editing a document. */
    SOCKET_WRITE
  }

  /**
   * How a principal proves who it is. A token with scopes is one more constant here: it reaches
   * only some categories ({@link #reaches}), {@link #principals()} gives it a column for every role
   * with an account, and {@code AccessMatrixWorld} makes such a token for each account (its {@code
   * newClient} and {@code gitPassword} switches say how).
   */
  enum Credential {
    /** Nothing: a signed-out visitor. */
    NONE(false),
    /** The session cookie of a browser that signed in (with the CSRF token and Quire's Origin). */
    SESSION(true),
    /** A personal access token as created today (no scopes): {@code Authorization: Bearer}. */
    TOKEN(true),
    /** A token that was revoked: refused everywhere. */
    REVOKED_TOKEN(false);

    private final boolean everyRole;

    Credential(boolean everyRole) {
      this.everyRole = everyRole;
    }

    /** Whether every role with an account gets a column with this credential. */
    boolean everyRole() {
      return everyRole;
    }

    /** Whether a valid credential of this kind may make a request of this category at all. */
    boolean reaches(Category category) {
      return switch (this) {
        // git takes a token as the HTTP Basic password, never a session or an account password
        case SESSION -> category != Category.GIT_READ && category != Category.GIT_WRITE;
        case TOKEN -> true;
        case NONE, REVOKED_TOKEN -> true;
      };
    }

    boolean isToken() {
      return this == TOKEN || this == REVOKED_TOKEN;
    }
  }

  /** One column of the matrix. */
  record Principal(Role role, Credential credential) {
    @Override
    public String toString() {
      return switch (credential) {
        case NONE -> "signed out";
        case SESSION -> role.name().toLowerCase() + " (session)";
        case TOKEN -> role.name().toLowerCase() + " (token)";
        case REVOKED_TOKEN -> role.name().toLowerCase() + " (revoked token)";
      };
    }
  }

  /** Every column: each role with each credential it can hold. */
  static List<Principal> principals() {
    List<Principal> all = new ArrayList<>();
    for (Role role : Role.values()) {
      if (!role.hasAccount()) {
        all.add(new Principal(role, Credential.NONE));
        continue;
      }
      for (Credential credential : Credential.values()) {
        if (credential.everyRole()) {
          all.add(new Principal(role, credential));
        }
      }
    }
    all.add(new Principal(Role.OWNER, Credential.REVOKED_TOKEN));
    return List.copyOf(all);
  }

  /** What an endpoint asks of its caller. */
  enum Rule {
    PUBLIC,
    SIGNED_IN,
    ADMIN,
    PROJECT_READ,
    PROJECT_WRITE,
    PROJECT_OWNER;

    Optional<Access> projectAccess() {
      return switch (this) {
        case PROJECT_READ -> Optional.of(Access.READ_ONLY);
        case PROJECT_WRITE -> Optional.of(Access.READ_WRITE);
        case PROJECT_OWNER -> Optional.of(Access.OWNER);
        default -> Optional.empty();
      };
    }
  }

  /** The outcome of one cell: the row's success, or a refusal with its status. */
  record Expect(boolean allowed, int status, String why) {
    static final Expect ALLOWED = new Expect(true, 0, "allowed");

    static Expect refused(int status, String why) {
      return new Expect(false, status, why);
    }

    @Override
    public String toString() {
      return allowed ? "allowed" : status + " (" + why + ")";
    }
  }

  /** The outcome the rules give: row exceptions first, then the rule of the row. */
  static Expect expected(Row row, Principal principal) {
    for (Row.Exception exception : row.exceptions()) {
      if (exception.applies().test(principal)) {
        return exception.expect();
      }
    }
    return byRule(row.rule(), row.category(), principal);
  }

  static Expect byRule(Rule rule, Category category, Principal principal) {
    Credential credential = principal.credential();
    Role role = principal.role();
    boolean git = category == Category.GIT_READ || category == Category.GIT_WRITE;
    if (credential == Credential.REVOKED_TOKEN) {
      return Expect.refused(401, "a revoked token is refused everywhere");
    }
    if (credential == Credential.TOKEN && role == Role.DISABLED) {
      return Expect.refused(401, "a disabled account's token is refused everywhere");
    }
    if (git && !credential.isToken()) {
      return Expect.refused(401, "git takes a token, never a session or an account password");
    }
    if (!credential.reaches(category)) {
      return Expect.refused(403, "the credential does not reach " + category);
    }
    boolean signedIn = credential != Credential.NONE && role != Role.DISABLED;
    return switch (rule) {
      case PUBLIC -> Expect.ALLOWED;
      case SIGNED_IN -> signedIn ? Expect.ALLOWED : Expect.refused(401, "not signed in");
      case ADMIN ->
          !signedIn
              ? Expect.refused(401, "not signed in")
              : role == Role.ADMIN ? Expect.ALLOWED : Expect.refused(403, "not an administrator");
      case PROJECT_READ, PROJECT_WRITE, PROJECT_OWNER -> {
        if (!signedIn) {
          yield Expect.refused(401, "not signed in");
        }
        Optional<Access> access = role.projectAccess();
        if (access.isEmpty()) {
          yield Expect.refused(404, "no access: the project is not found");
        }
        yield access.get().allows(rule.projectAccess().orElseThrow())
            ? Expect.ALLOWED
            : Expect.refused(403, access.get().wireName() + " is too little");
      }
    };
  }

  /** Something a cell's call needs made first, such as a project of its own. */
  enum Fixture {
    /** The shared project, which no row changes in a way another row would notice. */
    SHARED,
    /** A new project for this cell with the same members as the shared one. */
    FRESH,
    /** A new project that also has a version in its history. */
    FRESH_WITH_HISTORY,
    /** No project. */
    NONE
  }

  /** Makes a cell's request and gives its answer. */
  @FunctionalInterface
  interface Call {
    Response call(AccessMatrixIT.Cell cell) throws Exception;
  }

  /** Makes what a cell needs beyond its project (a user to disable, an invitation...). */
  @FunctionalInterface
  interface Prepare {
    void prepare(AccessMatrixIT.Cell cell) throws Exception;
  }

  /** A further check of an answer (a body, the state the call left behind). */
  @FunctionalInterface
  interface Check {
    void check(AccessMatrixIT.Cell cell, Response response) throws Exception;
  }

  /** What a refused call must leave unchanged, read before and after it. */
  @FunctionalInterface
  interface Probe {
    String observe(AccessMatrixIT.Cell cell);
  }

  /**
   * One row: an endpoint (as the handler mapping names it), a valid request to it, the rule it
   * answers to, and what success is.
   *
   * @param endpoint {@code METHOD pattern} of the mapping this row covers ({@code *} for a mapping
   *     without a method, {@code [consumes]} appended where two mappings differ only by it), or a
   *     name outside Spring MVC ({@code GIT ...}, {@code SOCKET ...})
   * @param ownSession the call changes its caller's session (sign-in, sign-out, registration): it
   *     runs with a session of its own so the principal's stays as it was
   */
  record Row(
      String endpoint,
      String name,
      Rule rule,
      Category category,
      Set<Integer> success,
      Fixture fixture,
      boolean ownSession,
      Prepare prepare,
      Call call,
      Check check,
      Probe probe,
      List<Exception> exceptions) {

    /** An outcome other than the rule's for some principals, with the reason. */
    record Exception(Predicate<Principal> applies, Expect expect) {}

    static Builder of(String endpoint, Rule rule) {
      return new Builder(endpoint, rule);
    }

    @Override
    public String toString() {
      return endpoint + (name.isEmpty() ? "" : " — " + name);
    }
  }

  static final class Builder {
    private final String endpoint;
    private final Rule rule;
    private String name = "";
    private Category category;
    private Set<Integer> success = Set.of(200);
    private Fixture fixture;
    private boolean ownSession;
    private Prepare prepare = cell -> {};
    private Call call;
    private Check check = (cell, response) -> {};
    private Probe probe;
    private final List<Row.Exception> exceptions = new ArrayList<>();

    private Builder(String endpoint, Rule rule) {
      this.endpoint = endpoint;
      this.rule = rule;
    }

    Builder name(String name) {
      this.name = name;
      return this;
    }

    Builder category(Category category) {
      this.category = category;
      return this;
    }

    Builder ok(Integer... statuses) {
      this.success = Set.of(statuses);
      return this;
    }

    Builder fixture(Fixture fixture) {
      this.fixture = fixture;
      return this;
    }

    Builder ownSession() {
      this.ownSession = true;
      return this;
    }

    Builder prepare(Prepare prepare) {
      this.prepare = prepare;
      return this;
    }

    Builder check(Check check) {
      this.check = check;
      return this;
    }

    Builder probe(Probe probe) {
      this.probe = probe;
      return this;
    }

    /** For principals matching {@code who}, expect this instead of the rule's outcome. */
    Builder except(Predicate<Principal> who, Expect expect) {
      exceptions.add(new Row.Exception(who, expect));
      return this;
    }

    Row call(Call call) {
      this.call = call;
      String method = endpoint.substring(0, endpoint.indexOf(' '));
      Category resolved = category;
      if (resolved == null) {
        resolved =
            switch (rule) {
              case PUBLIC -> Category.PUBLIC;
              case ADMIN -> Category.ADMIN;
              default ->
                  method.equals("GET") || method.equals("HEAD")
                      ? Category.API_READ
                      : Category.API_WRITE;
            };
      }
      Fixture resolvedFixture =
          fixture != null
              ? fixture
              : rule.projectAccess().isPresent()
                  ? (method.equals("GET") ? Fixture.SHARED : Fixture.FRESH)
                  : Fixture.NONE;
      return new Row(
          endpoint,
          name,
          rule,
          resolved,
          success,
          resolvedFixture,
          ownSession,
          prepare,
          call,
          check,
          probe,
          List.copyOf(exceptions));
    }
  }

  /** Predicates for {@link Builder#except}. */
  static Predicate<Principal> role(Role... roles) {
    Set<Role> set = Set.of(roles);
    return p -> set.contains(p.role());
  }

  static Predicate<Principal> valid(Role... roles) {
    Set<Role> set = Set.of(roles);
    return p ->
        set.contains(p.role())
            && (p.credential() == Credential.SESSION || p.credential() == Credential.TOKEN);
  }
}
