package io.quire.web.account;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Personal access token settings ({@code quire.tokens.*}).
 *
 * @param defaultExpiryDays how long a token works when its creator names no expiry ({@code
 *     QUIRE_TOKENS_DEFAULT_EXPIRY_DAYS}); a token that never expires must be asked for explicitly
 */
@Validated
@ConfigurationProperties("quire.tokens")
public record TokenProperties(@Min(1) @Max(3650) @DefaultValue("90") int defaultExpiryDays) {}
