package io.quire.git.http;

import io.quire.common.account.TokenVerifier;
import io.quire.common.project.ProjectStore;
import io.quire.git.GitProperties;
import io.quire.git.push.PushHook;
import io.quire.git.repo.GitRepositories;
import io.quire.git.repo.ProjectSnapshots;
import org.eclipse.jgit.http.server.GitServlet;
import org.eclipse.jgit.http.server.resolver.AsIsFileService;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** JGit's smart-HTTP servlet at {@code /git/*}, behind the token filter. */
@Configuration(proxyBeanMethods = false)
class GitHttpConfiguration {

  @Bean
  ServletRegistrationBean<GitServlet> gitServlet(
      GitRepositories repositories,
      ProjectSnapshots snapshots,
      PushHook.Factory pushHooks,
      GitProperties properties) {
    GitServletFactories factories =
        new GitServletFactories(repositories, snapshots, pushHooks, properties);
    GitServlet servlet = new GitServlet();
    servlet.setRepositoryResolver(factories.resolver());
    servlet.setUploadPackFactory(factories.uploadPacks());
    servlet.setReceivePackFactory(factories.receivePacks());
    // only the smart protocol: the dumb one would serve files without a snapshot or checks
    servlet.setAsIsFileService(AsIsFileService.DISABLED);
    ServletRegistrationBean<GitServlet> registration =
        new ServletRegistrationBean<>(servlet, "/git/*");
    registration.setLoadOnStartup(1);
    return registration;
  }

  @Bean
  FilterRegistrationBean<GitAuthFilter> gitAuthFilter(TokenVerifier tokens, ProjectStore projects) {
    FilterRegistrationBean<GitAuthFilter> registration =
        new FilterRegistrationBean<>(new GitAuthFilter(tokens, projects));
    registration.addUrlPatterns("/git/*");
    return registration;
  }
}
