package io.gatehouse.gateway.introspection;

import java.net.URI;
import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Token introspection for stateful routes under {@code gatehouse.gateway.introspection.*}.
 *
 * @param uri the token service's RFC 7662 endpoint; default
 * {@code <token-service-uri>/oauth2/introspect}.
 * @param timeout how long one introspection may take before the request is answered 503; default
 * 2 seconds.
 */
@Validated
@ConfigurationProperties("gatehouse.gateway.introspection")
public record IntrospectionProperties(URI uri, @NotNull @DefaultValue("2s") Duration timeout) {
}
