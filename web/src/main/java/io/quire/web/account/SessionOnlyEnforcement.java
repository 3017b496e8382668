package io.quire.web.account;

import io.quire.web.system.ApiException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The one place that refuses an access token on a {@link SessionOnly} endpoint: 403 with a message
 * saying why, before the endpoint runs.
 */
@Configuration(proxyBeanMethods = false)
class SessionOnlyEnforcement implements WebMvcConfigurer, HandlerInterceptor {

  /** Whether an endpoint is only for a signed-in person. */
  static boolean isSessionOnly(HandlerMethod handler) {
    return handler.hasMethodAnnotation(SessionOnly.class)
        || AnnotatedElementUtils.hasAnnotation(handler.getBeanType(), SessionOnly.class);
  }

  @Override
  public void addInterceptors(InterceptorRegistry registry) {
    registry.addInterceptor(this);
  }

  @Override
  public boolean preHandle(
      HttpServletRequest request, HttpServletResponse response, Object handler) {
    if (handler instanceof HandlerMethod method
        && isSessionOnly(method)
        && SecurityContextHolder.getContext().getAuthentication()
            instanceof AccessTokenAuthentication) {
      throw ApiException.forbidden(
          "Access tokens cannot do this, whatever their scopes: sign in to Quire in a browser.");
    }
    return true;
  }
}
