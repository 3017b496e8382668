package io.quire.web.account;

import java.util.List;
import org.springframework.beans.factory.BeanClassLoaderAware;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.serializer.RedisSerializer;
import org.springframework.data.redis.serializer.SerializationException;
import org.springframework.security.jackson.SecurityJacksonModules;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DefaultTyping;
import tools.jackson.databind.JacksonModule;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.jsontype.BasicPolymorphicTypeValidator;

/**
 * Sessions are stored in Redis as JSON, never with Java serialisation (ADR 0022): reading a session
 * can only create the types allowed here (Spring Security's, {@link QuireUser}, plain values), so
 * whoever can write to Redis cannot make web run code by planting a serialised object. The
 * signed-in user in a session has no password hash ({@link QuireUser} erases it after sign-in and
 * never writes it). The sessions live under their own key namespace ({@code …:session-json}), so
 * sessions stored the old way are not read at all: their users sign in again once.
 */
@Configuration(proxyBeanMethods = false)
class SessionStorage implements BeanClassLoaderAware {
  private ClassLoader loader = SessionStorage.class.getClassLoader();

  @Override
  public void setBeanClassLoader(ClassLoader classLoader) {
    this.loader = classLoader;
  }

  /** The name is the one Spring Session looks for. */
  @Bean
  RedisSerializer<Object> springSessionDefaultRedisSerializer() {
    return new JsonSessionSerializer(sessionMapper(loader));
  }

  /**
   * Type information on every non-final value (the session's attributes are {@code Object}s),
   * checked against an allow-list when read.
   */
  static JsonMapper sessionMapper(ClassLoader loader) {
    BasicPolymorphicTypeValidator.Builder allowed =
        BasicPolymorphicTypeValidator.builder().allowIfSubType(QuireUser.class);
    List<JacksonModule> modules = SecurityJacksonModules.getModules(loader, allowed);
    return JsonMapper.builder()
        .addModules(modules)
        .activateDefaultTypingAsProperty(allowed.build(), DefaultTyping.NON_FINAL, "@class")
        .build();
  }

  /** Session values to and from JSON bytes. */
  static final class JsonSessionSerializer implements RedisSerializer<Object> {
    private final JsonMapper mapper;

    JsonSessionSerializer(JsonMapper mapper) {
      this.mapper = mapper;
    }

    @Override
    public byte[] serialize(Object value) {
      if (value == null) {
        return new byte[0];
      }
      try {
        return mapper.writeValueAsBytes(value);
      } catch (JacksonException e) {
        throw new SerializationException("Could not write a session value as JSON", e);
      }
    }

    @Override
    public Object deserialize(byte[] bytes) {
      if (bytes == null || bytes.length == 0) {
        return null;
      }
      try {
        return mapper.readValue(bytes, Object.class);
      } catch (JacksonException e) {
        throw new SerializationException("Could not read a session value from JSON", e);
      }
    }
  }
}
