package io.quire.web.sharing;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Sharing settings ({@code quire.sharing.*}).
 *
 * @param inviteTtl how long an invitation's link can be accepted ({@code QUIRE_SHARING_INVITE_TTL})
 */
@Validated
@ConfigurationProperties("quire.sharing")
record SharingProperties(@NotNull @DefaultValue("30d") Duration inviteTtl) {}
