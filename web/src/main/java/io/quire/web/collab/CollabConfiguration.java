package io.quire.web.collab;

import io.quire.web.system.WebProperties;
import java.net.URI;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.server.standard.ServletServerContainerFactoryBean;

/**
 * The collaboration socket at {@code /ws/collab}. Browsers send cookies with a WebSocket handshake
 * from any site, so only our own origin (the request's host or the public URL) may open one;
 * clients without an {@code Origin} header are scripts, authenticated by a token.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSocket
class CollabConfiguration implements WebSocketConfigurer {
  static final String PATH = "/ws/collab";

  private final CollabSocketHandler handler;
  private final CollabHandshakeInterceptor handshake;
  private final WebProperties web;

  CollabConfiguration(
      CollabSocketHandler handler, CollabHandshakeInterceptor handshake, WebProperties web) {
    this.handler = handler;
    this.handshake = handshake;
    this.web = web;
  }

  @Override
  public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
    URI publicUrl = URI.create(web.publicUrl());
    String origin =
        publicUrl.getScheme()
            + "://"
            + publicUrl.getHost()
            + (publicUrl.getPort() < 0 ? "" : ":" + publicUrl.getPort());
    registry.addHandler(handler, PATH).addInterceptors(handshake).setAllowedOrigins(origin);
  }

  @Bean
  ServletServerContainerFactoryBean webSocketContainer(CollabProperties properties) {
    ServletServerContainerFactoryBean container = new ServletServerContainerFactoryBean();
    int max = (int) properties.maxMessageSize().toBytes();
    container.setMaxTextMessageBufferSize(max);
    container.setMaxSessionIdleTimeout(120_000L);
    return container;
  }
}
