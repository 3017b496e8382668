package io.quire.web.account;

import io.quire.common.account.TokenScope;
import io.quire.common.account.TokenVerifier.StoredToken;
import java.util.Set;
import org.springframework.security.authentication.AbstractAuthenticationToken;

/**
 * A request authenticated by a personal access token ({@code Authorization: Bearer}): the account,
 * and the token with its scopes. Lives for one request only, never in a session.
 */
public final class AccessTokenAuthentication extends AbstractAuthenticationToken {
  private static final long serialVersionUID = 1L;

  private final QuireUser user;
  private final transient StoredToken token;

  AccessTokenAuthentication(QuireUser user, StoredToken token) {
    super(user.getAuthorities());
    this.user = user;
    this.token = token;
    setAuthenticated(true);
  }

  @Override
  public Object getCredentials() {
    return null;
  }

  @Override
  public QuireUser getPrincipal() {
    return user;
  }

  public Set<TokenScope> scopes() {
    return token.scopes();
  }

  public String tokenId() {
    return token.id();
  }
}
