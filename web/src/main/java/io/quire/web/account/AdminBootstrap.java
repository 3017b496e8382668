package io.quire.web.account;

import io.quire.common.infra.QuireDataProperties;
import io.quire.web.system.WebProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Makes sure the administrator of {@code QUIRE_ADMIN_EMAIL} exists on start. With {@code
 * QUIRE_ADMIN_PASSWORD} set, that is the password (and it is reset to it on every start, so a lost
 * admin password is recovered by setting the variable). Without it, a first start generates one and
 * writes it to {@code <dataDir>/initial-admin-password} (mode 600), which {@code ./quire up} prints
 * once and deletes.
 *
 * <p>It only ever creates that account. An account that already holds the address without being an
 * administrator (someone registered it first, or the setting changed) is left as it is, with a
 * warning: promoting it, or setting its password, would hand administration, or that person's
 * account, to whoever registered the address. It runs once every bean exists, before the web server
 * opens its port, so no request meets a server without its administrator.
 */
@Component
class AdminBootstrap implements SmartInitializingSingleton {
  private static final Logger LOG = LoggerFactory.getLogger(AdminBootstrap.class);
  static final String PASSWORD_FILE = "initial-admin-password";

  private final UserStore users;
  private final PasswordEncoder encoder;
  private final WebProperties web;
  private final QuireDataProperties data;

  AdminBootstrap(
      UserStore users, PasswordEncoder encoder, WebProperties web, QuireDataProperties data) {
    this.users = users;
    this.encoder = encoder;
    this.web = web;
    this.data = data;
  }

  @Override
  public void afterSingletonsInstantiated() {
    String email = web.admin().email();
    String configured = web.admin().password();
    var existing = users.findByEmail(email);
    if (existing.isPresent()) {
      User admin = existing.get();
      if (!admin.isAdmin()) {
        LOG.warn(
            "QUIRE_ADMIN_EMAIL {} belongs to account {}, which is not an administrator; it is left"
                + " as it is and no administrator was created. Choose another address, or have an"
                + " administrator promote that account if it really is yours.",
            email,
            admin.id());
        return;
      }
      if (configured != null
          && !configured.isBlank()
          && !encoder.matches(configured, admin.passwordHash())) {
        users.updatePasswordHash(admin.id(), encoder.encode(configured));
        LOG.info("Administrator {} password reset from QUIRE_ADMIN_PASSWORD", email);
      }
      return;
    }
    boolean generated = configured == null || configured.isBlank();
    String password = generated ? generatePassword() : configured;
    if (users.insert(email, encoder.encode(password), "Administrator", Role.ADMIN).isEmpty()) {
      LOG.info("Administrator {} was created by another instance", email);
      return;
    }
    if (generated) {
      writePasswordFile(password);
      LOG.info(
          "Created administrator {} with a generated password in {}",
          email,
          data.dataDir().resolve(PASSWORD_FILE));
    } else {
      LOG.info("Created administrator {} with the password from QUIRE_ADMIN_PASSWORD", email);
    }
  }

  private void writePasswordFile(String password) {
    Path file = data.dataDir().resolve(PASSWORD_FILE);
    try {
      Files.createDirectories(data.dataDir());
      Files.deleteIfExists(file);
      Files.createFile(
          file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(file, password + "\n", StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  private static String generatePassword() {
    byte[] bytes = new byte[18];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
