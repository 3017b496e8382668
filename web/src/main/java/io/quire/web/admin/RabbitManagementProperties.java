package io.quire.web.admin;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The RabbitMQ management HTTP API, which the queue dashboard prefers for its counts and rates
 * ({@code quire.rabbitmq.management.*}).
 *
 * @param url e.g. {@code http://127.0.0.1:15672} ({@code QUIRE_RABBITMQ_MANAGEMENT_URL}); when
 *     empty the dashboard falls back to AMQP passive declares (counts only)
 * @param username ({@code QUIRE_RABBITMQ_MANAGEMENT_USERNAME}) default: the AMQP URL's user
 * @param password ({@code QUIRE_RABBITMQ_MANAGEMENT_PASSWORD}) default: the AMQP URL's password
 */
@ConfigurationProperties("quire.rabbitmq.management")
record RabbitManagementProperties(String url, String username, String password) {}
