package io.quire.system;

import io.quire.common.account.TokenScope;
import io.quire.common.project.Access;
import io.quire.testsupport.ApiClient.Response;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The access matrix's model: who calls (a {@link Principal}: a {@link Role} and how it proves it,
 * its {@link Credential}), what is called (a {@link Row}: one endpoint with a valid request and the
 * {@link Rule} it answers to), and the outcome the rules give for each pair ({@link #expected}).
 *
 * <p>A new kind of credential is one more {@link Credential} constant: the roles that get a column
 * with it and the token scopes it carries; every row then has a cell for it.
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
   * What a request does. Besides the scope a token needs for it ({@link Row#scope}), two categories
   * matter to credentials: git takes only tokens, and no token manages credentials.
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
    SOCKET_WRITE;

    boolean isGit() {
      return this == GIT_READ || this == GIT_WRITE;
    }
  }

  /**
   * How a principal proves who it is. A kind of token is one constant: the roles that get a column
   * with it ({@link #roles}) and the scopes it is created with ({@link #scopes}); {@code
   * AccessMatrixWorld} makes one for each of those accounts.
   */
  enum Credential {
    /** Nothing: a signed-out visitor. */
    NONE("signed out"),
    /** The session cookie of a browser that signed in (with the CSRF token and Quire's Origin). */
    SESSION("session"),
    /** A token with every scope its owner may have: git and api, and admin for an administrator. */
    TOKEN("token"),
    /** A token with the git scope only. */
    TOKEN_GIT("git token"),
    /** A token with the api:read scope only. */
    TOKEN_API_READ("api:read token"),
    /** A token with the api scope only. */
    TOKEN_API("api token"),
    /** A token with the admin scope only (only an administrator can have one). */
    TOKEN_ADMIN("admin token"),
    /** A token stored before tokens had scopes: it keeps the reach it had (ADR 0021). */
    LEGACY_TOKEN("legacy token"),
    /** A token that was revoked: refused everywhere. */
    REVOKED_TOKEN("revoked token");

    private final String label;

    Credential(String label) {
      this.label = label;
    }

    /**
     * The roles that get a column with this credential. Scoped tokens are decided on before the
     * role, so four roles show every way the two combine: all access, too little, none, and an
     * administrator's.
     */
    Set<Role> roles() {
      return switch (this) {
        case NONE -> EnumSet.of(Role.SIGNED_OUT);
        case SESSION, TOKEN -> EnumSet.complementOf(EnumSet.of(Role.SIGNED_OUT));
        case TOKEN_GIT, TOKEN_API_READ, TOKEN_API ->
            EnumSet.of(Role.OWNER, Role.READER, Role.STRANGER, Role.ADMIN);
        case TOKEN_ADMIN -> EnumSet.of(Role.ADMIN);
        case LEGACY_TOKEN -> EnumSet.of(Role.OWNER, Role.ADMIN);
        case REVOKED_TOKEN -> EnumSet.of(Role.OWNER);
      };
    }

    /** The scopes of this kind of token for an account of the role (none for the others). */
    Set<TokenScope> scopes(Role role) {
      return switch (this) {
        case TOKEN ->
            role == Role.ADMIN
                ? EnumSet.of(TokenScope.GIT, TokenScope.API, TokenScope.ADMIN)
                : EnumSet.of(TokenScope.GIT, TokenScope.API);
        case TOKEN_GIT -> EnumSet.of(TokenScope.GIT);
        case TOKEN_API_READ -> EnumSet.of(TokenScope.API_READ);
        case TOKEN_API -> EnumSet.of(TokenScope.API);
        case TOKEN_ADMIN -> EnumSet.of(TokenScope.ADMIN);
        case LEGACY_TOKEN -> TokenScope.LEGACY;
        case NONE, SESSION, REVOKED_TOKEN -> EnumSet.noneOf(TokenScope.class);
      };
    }

    boolean isToken() {
      return this != NONE && this != SESSION;
    }

    /** Whether a valid credential of this kind, held by the role, may make the row's request. */
    boolean reaches(Row row, Role role) {
      return switch (this) {
        case NONE, REVOKED_TOKEN -> true;
        // git takes a token as the HTTP Basic password, never a session or an account password
        case SESSION -> !row.category().isGit();
        // no token manages tokens or changes the password, whatever its scopes (@SessionOnly)
        default ->
            row.category() != Category.CREDENTIALS && TokenScope.allows(scopes(role), row.scope());
      };
    }

    String label() {
      return label;
    }
  }

  /** One column of the matrix. */
  record Principal(Role role, Credential credential) {
    @Override
    public String toString() {
      return credential == Credential.NONE
          ? credential.label()
          : role.name().toLowerCase() + " (" + credential.label() + ")";
    }
  }

  /** Every column: each role with each credential it can hold. */
  static List<Principal> principals() {
    List<Principal> all = new ArrayList<>();
    for (Role role : Role.values()) {
      for (Credential credential : Credential.values()) {
        if (credential.roles().contains(role)) {
          all.add(new Principal(role, credential));
        }
      }
    }
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

  /**
   * The outcome the rules give: the credential, then the row's rule; where they let the principal
   * through, a row's exception may say what the endpoint itself answers instead.
   */
  static Expect expected(Row row, Principal principal) {
    Expect byRule = byRule(row.rule(), row, principal);
    if (!byRule.allowed()) {
      return byRule;
    }
    for (Row.Exception exception : row.exceptions()) {
      if (exception.applies().test(principal)) {
        return exception.expect();
      }
    }
    return byRule;
  }

  /** The outcome of a row's request had it this rule. */
  static Expect byRule(Rule rule, Row row, Principal principal) {
    Credential credential = principal.credential();
    Role role = principal.role();
    if (credential == Credential.REVOKED_TOKEN) {
      return Expect.refused(401, "a revoked token is refused everywhere");
    }
    if (credential.isToken() && role == Role.DISABLED) {
      return Expect.refused(401, "a disabled account's token is refused everywhere");
    }
    if (row.category().isGit() && !credential.isToken()) {
      return Expect.refused(401, "git takes a token, never a session or an account password");
    }
    if (!credential.reaches(row, role)) {
      return Expect.refused(
          403,
          row.category() == Category.CREDENTIALS
              ? "no token manages credentials"
              : "the token lacks the " + row.scope().wireName() + " scope");
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
   * @param scope the scope a token needs for the request, decided as web and git-worker do: admin
   *     for the admin API and the actuator, git for the git bridge, api for the socket and every
   *     method but GET, api:read for GET
   * @param ownSession the call changes its caller's session (sign-in, sign-out, registration): it
   *     runs with a session of its own so the principal's stays as it was
   */
  record Row(
      String endpoint,
      String name,
      Rule rule,
      Category category,
      TokenScope scope,
      Set<Integer> success,
      Fixture fixture,
      boolean ownSession,
      Prepare prepare,
      Call call,
      Check check,
      Probe probe,
      List<Exception> exceptions) {

    /** What the endpoint answers some principals the rules let through, with the reason. */
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
          scopeOf(endpoint, resolved),
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

  /** The scope a token needs for a row's request, as web and git-worker decide it. */
  private static TokenScope scopeOf(String endpoint, Category category) {
    String method = endpoint.substring(0, endpoint.indexOf(' '));
    String path = endpoint.substring(endpoint.indexOf(' ') + 1);
    if (category.isGit()) {
      return TokenScope.GIT;
    }
    if (path.startsWith("/api/admin") || path.startsWith("/actuator")) {
      return TokenScope.ADMIN;
    }
    if (method.equals("SOCKET")) {
      return TokenScope.API;
    }
    return method.equals("GET") || method.equals("*") ? TokenScope.API_READ : TokenScope.API;
  }

  /** Predicates for {@link Builder#except}. */
  static Predicate<Principal> role(Role... roles) {
    Set<Role> set = Set.of(roles);
    return p -> set.contains(p.role());
  }

  /** The roles, with a credential that works. */
  static Predicate<Principal> valid(Role... roles) {
    Set<Role> set = Set.of(roles);
    return p ->
        set.contains(p.role())
            && p.credential() != Credential.NONE
            && p.credential() != Credential.REVOKED_TOKEN;
  }
}
