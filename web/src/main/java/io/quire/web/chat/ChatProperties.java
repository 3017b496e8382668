package io.quire.web.chat;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Chat settings ({@code quire.chat.*}, environment {@code QUIRE_CHAT_*}).
 *
 * @param maxMessageChars the longest message, in characters (UTF-16 code units)
 * @param maxPageSize most messages one history page returns
 * @param ratePerUser most messages one user may post in {@code rateWindow}, over all projects and
 *     web instances
 * @param rateWindow the window of {@code ratePerUser}
 */
@Validated
@ConfigurationProperties("quire.chat")
public record ChatProperties(
    @Min(1) @DefaultValue("4000") int maxMessageChars,
    @Min(1) @DefaultValue("100") int maxPageSize,
    @Min(1) @DefaultValue("30") int ratePerUser,
    @NotNull @DefaultValue("1m") Duration rateWindow) {}
