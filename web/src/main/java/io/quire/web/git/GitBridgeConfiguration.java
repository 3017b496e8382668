package io.quire.web.git;

import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class GitBridgeConfiguration {

  /** {@code /git/*} goes to git-worker, not through Spring MVC. */
  @Bean
  ServletRegistrationBean<GitProxyServlet> gitProxyServlet(GitBridgeProperties properties) {
    ServletRegistrationBean<GitProxyServlet> registration =
        new ServletRegistrationBean<>(new GitProxyServlet(properties.workerUrl()), "/git/*");
    registration.setAsyncSupported(false);
    return registration;
  }
}
