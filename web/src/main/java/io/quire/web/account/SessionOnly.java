package io.quire.web.account;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an endpoint (or every endpoint of a controller) that only a signed-in person may call,
 * never a personal access token, whatever its scopes: managing tokens, changing the password, and
 * anything else that hands out or changes credentials. Enforced in one place, {@link
 * SessionOnlyEnforcement}, so a leaked token cannot mint its own successors or lock its owner out.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface SessionOnly {}
