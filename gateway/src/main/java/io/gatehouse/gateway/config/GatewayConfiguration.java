package io.gatehouse.gateway.config;

import java.time.Clock;

import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.client.WebClient;

import io.gatehouse.gateway.auth.AccessTokenValidator;
import io.gatehouse.gateway.auth.AuthenticationGlobalFilter;
import io.gatehouse.gateway.auth.BearerAnswers;
import io.gatehouse.gateway.auth.CookieSessions;
import io.gatehouse.gateway.auth.JwksCache;
import io.gatehouse.gateway.auth.SessionCheck;
import io.gatehouse.gateway.doctor.TokenServiceClock;
import io.gatehouse.gateway.identity.IdentityHeadersFilter;
import io.gatehouse.gateway.identity.StripIdentityHeadersGlobalFilter;

/**
 * Wires token validation into Spring Cloud Gateway: the JWKS cache (started with the context,
 * reported as the {@code jwks} health indicator in the readiness group), the validator, and the
 * filter stripping client identity headers, the authentication filter and the identity-header filter.
 */
@Configuration(proxyBeanMethods = false)
class GatewayConfiguration {

	@Bean
	@ConditionalOnMissingBean
	Clock clock() {
		return Clock.systemUTC();
	}

	@Bean
	TokenServiceClock tokenServiceClock(Clock clock) {
		return new TokenServiceClock(clock);
	}

	@Bean
	JwksCache jwksCache(GatewayProperties properties, Clock clock, MeterRegistry meters, TokenServiceClock tokenServiceClock) {
		return new JwksCache(WebClient.builder().filter(tokenServiceClock.recorder()), properties, clock, meters);
	}

	@Bean
	SmartLifecycle jwksRefresh(JwksCache jwks) {
		return new StartStopLifecycle(jwks::start, jwks::stop, SmartLifecycle.DEFAULT_PHASE);
	}

	@Bean
	HealthIndicator jwksHealthIndicator(JwksCache jwks) {
		return () -> jwks.hasKeys() ? Health.up().build()
				: Health.outOfService().withDetail("reason", "no signing keys fetched from the token service yet").build();
	}

	@Bean
	AccessTokenValidator accessTokenValidator(JwksCache jwks, GatewayProperties properties, Clock clock,
			MeterRegistry meters) {
		return new AccessTokenValidator(jwks, properties, clock, meters);
	}

	@Bean
	BearerAnswers bearerAnswers(JsonMapper json) {
		return new BearerAnswers(json);
	}

	@Bean
	StripIdentityHeadersGlobalFilter stripIdentityHeadersGlobalFilter() {
		return new StripIdentityHeadersGlobalFilter();
	}

	@Bean
	IdentityHeadersFilter identityHeadersFilter() {
		return new IdentityHeadersFilter();
	}

	@Bean
	AuthenticationGlobalFilter authenticationGlobalFilter(AccessTokenValidator validator, SessionCheck sessionCheck,
			BearerAnswers answers, MeterRegistry meters, ObjectProvider<CookieSessions> cookieSessions) {
		return new AuthenticationGlobalFilter(validator, sessionCheck, answers, meters,
				cookieSessions.getIfAvailable(() -> CookieSessions.NONE));
	}

}
