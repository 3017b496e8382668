package io.quire.web.system;

import jakarta.servlet.DispatcherType;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Registers the Content-Security-Policy filter ahead of Spring Security. */
@Configuration(proxyBeanMethods = false)
class ContentSecurityConfiguration {

  @Bean
  FilterRegistrationBean<ContentSecurityPolicyFilter> contentSecurityPolicyFilter() {
    FilterRegistrationBean<ContentSecurityPolicyFilter> registration =
        new FilterRegistrationBean<>(new ContentSecurityPolicyFilter());
    // before Spring Security, so its refusals (401, 403, a rejected URL) carry the policy too
    registration.setOrder(SecurityFilterProperties.DEFAULT_FILTER_ORDER - 10);
    registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ERROR);
    registration.addUrlPatterns("/*");
    return registration;
  }
}
