package io.quire.web.system;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Which reverse proxies web believes about the client ({@code quire.trusted-proxies}).
 *
 * @param trustedProxies addresses or CIDR ranges of the proxies in front of web ({@code
 *     QUIRE_TRUSTED_PROXIES}, comma-separated); only a request from one of them has its {@code
 *     X-Forwarded-For}, {@code -Proto}, {@code -Host} and {@code -Port} honoured. Empty (the
 *     default): none, as when web is reached directly
 */
@ConfigurationProperties("quire")
public record ProxyProperties(@DefaultValue List<String> trustedProxies) {}
