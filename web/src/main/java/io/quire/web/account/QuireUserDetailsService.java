package io.quire.web.account;

import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Component;

/** Looks users up by e-mail for password login. */
@Component
class QuireUserDetailsService implements UserDetailsService {
  private final UserStore users;

  QuireUserDetailsService(UserStore users) {
    this.users = users;
  }

  @Override
  public UserDetails loadUserByUsername(String email) {
    return users
        .findByEmail(email)
        .map(QuireUser::of)
        .orElseThrow(() -> new UsernameNotFoundException("no such user"));
  }
}
