package io.quire.web.git;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

@Configuration(proxyBeanMethods = false)
class GitBridgeConfiguration {

  /** Non-canonical git paths are refused before Spring Security or anything else reads them. */
  @Bean
  FilterRegistrationBean<GitPathFilter> gitPathFilter() {
    FilterRegistrationBean<GitPathFilter> registration =
        new FilterRegistrationBean<>(new GitPathFilter());
    registration.addUrlPatterns("/git/*");
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
    return registration;
  }

  /** {@code /git/*} goes to git-worker, not through Spring MVC. */
  @Bean
  ServletRegistrationBean<GitProxyServlet> gitProxyServlet(GitBridgeProperties properties) {
    ServletRegistrationBean<GitProxyServlet> registration =
        new ServletRegistrationBean<>(new GitProxyServlet(properties.workerUrl()), "/git/*");
    registration.setAsyncSupported(false);
    return registration;
  }
}
