package io.quire.web.system;

import io.quire.web.account.ActiveAccountFilter;
import io.quire.web.account.BearerTokenFilter;
import io.quire.web.account.EmailPolicy;
import io.quire.web.account.TokenStore;
import io.quire.web.account.UserStore;
import io.quire.web.git.GitProxyServlet;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.csrf.CsrfFilter;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.savedrequest.NullRequestCache;

/**
 * Who may call what. Cookie sessions (kept in Redis, so any web instance serves any user) need the
 * {@code XSRF-TOKEN} cookie echoed in {@code X-XSRF-TOKEN} and our own Origin; bearer-token calls
 * need neither, since a browser never adds that header by itself.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

  @Bean
  PasswordEncoder passwordEncoder() {
    return new BCryptPasswordEncoder(10);
  }

  @Bean
  SecurityContextRepository securityContextRepository() {
    return new HttpSessionSecurityContextRepository();
  }

  @Bean
  AuthenticationManager authenticationManager(
      UserDetailsService users, PasswordEncoder passwordEncoder) {
    DaoAuthenticationProvider provider = new DaoAuthenticationProvider(users);
    provider.setPasswordEncoder(passwordEncoder);
    return new ProviderManager(provider);
  }

  @Bean
  SecurityFilterChain securityFilterChain(
      HttpSecurity http,
      TokenStore tokens,
      UserStore users,
      EmailPolicy email,
      WebProperties web,
      SecurityContextRepository contexts)
      throws Exception {
    http.securityContext(c -> c.securityContextRepository(contexts))
        // a refused request is not saved in a session to replay after sign-in (the pages keep
        // their own ?next=): anonymous requests create no session, and a session holds only the
        // security context (ADR 0022)
        .requestCache(cache -> cache.requestCache(new NullRequestCache()))
        .csrf(
            csrf ->
                // git is no browser: it sends a token by HTTP Basic, which git-worker checks
                csrf.spa()
                    .ignoringRequestMatchers(
                        BearerTokenFilter::hasBearer, GitProxyServlet::isGitRequest))
        .addFilterBefore(new BearerTokenFilter(tokens, users), BasicAuthenticationFilter.class)
        .addFilterBefore(
            new ActiveAccountFilter(users, email.verificationRequired()),
            BasicAuthenticationFilter.class)
        .addFilterBefore(new OriginCheckFilter(web.publicUrl()), CsrfFilter.class)
        .authorizeHttpRequests(
            auth ->
                // the async dispatch that ends a server-sent event stream (queue dashboard)
                // belongs to a request already authorized; bearer-token requests have no
                // session to re-authenticate it from
                auth.dispatcherTypeMatchers(DispatcherType.ASYNC)
                    .permitAll()
                    .requestMatchers(
                        "/api/auth/register",
                        "/api/auth/login",
                        "/api/auth/csrf",
                        "/api/auth/password-reset",
                        "/api/auth/password-reset/confirm",
                        "/api/auth/verify-email",
                        // the status for anyone; details only for admins (show-details)
                        "/actuator/health/**",
                        "/v3/api-docs/**",
                        "/swagger-ui/**",
                        "/swagger-ui.html",
                        "/error")
                    .permitAll()
                    .requestMatchers(ManagementServer::serves)
                    .permitAll()
                    .requestMatchers("/api/admin/**", "/actuator/**")
                    .hasRole("ADMIN")
                    .requestMatchers("/api/**")
                    .authenticated()
                    .anyRequest()
                    .permitAll())
        .exceptionHandling(
            e ->
                e.authenticationEntryPoint(
                        (request, response, ex) ->
                            problem(
                                response, 401, "Unauthorized", "Sign in or send an access token."))
                    .accessDeniedHandler(
                        (request, response, ex) ->
                            problem(
                                response,
                                403,
                                "Forbidden",
                                "This request was refused (missing or invalid CSRF token, or not allowed).")))
        .httpBasic(b -> b.disable())
        .formLogin(f -> f.disable())
        .logout(l -> l.disable());
    return http.build();
  }

  /** A URL the firewall refuses (encoded slashes, {@code ..}) gets a message, not a blank 400. */
  @Bean
  RequestRejectedHandler requestRejectedHandler() {
    return (request, response, ex) ->
        problem(
            response,
            400,
            "Invalid request",
            "Invalid path in the URL: use relative paths without '..', '//' or encoded slashes.");
  }

  static void problem(HttpServletResponse response, int status, String title, String detail)
      throws java.io.IOException {
    response.setStatus(status);
    response.setContentType("application/problem+json");
    response
        .getWriter()
        .write(
            "{\"title\":\""
                + title
                + "\",\"status\":"
                + status
                + ",\"detail\":\""
                + detail.replace("\"", "'")
                + "\"}");
  }
}
