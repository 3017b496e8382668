package io.quire.web.system;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the web service.
 *
 * @param publicUrl the address users reach Quire at ({@code QUIRE_PUBLIC_URL}); used for links and
 *     the allowed Origin of state-changing requests
 * @param admin the first administrator ({@code QUIRE_ADMIN_EMAIL}, {@code QUIRE_ADMIN_PASSWORD})
 */
@Validated
@ConfigurationProperties("quire")
public record WebProperties(
    @NotBlank @DefaultValue("http://localhost:8080") String publicUrl,
    @Valid @NotNull @DefaultValue Admin admin) {

  /**
   * @param email the administrator's login
   * @param password the administrator's password; generated on first start when empty
   */
  public record Admin(
      @Email @NotBlank @DefaultValue("admin@quire.local") String email, String password) {}
}
