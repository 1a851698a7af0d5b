package io.gatehouse.gateway.config;

import java.time.Clock;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.client.WebClient;

import io.gatehouse.gateway.auth.PerRouteSessionCheck;
import io.gatehouse.gateway.auth.SessionCheck;
import io.gatehouse.gateway.introspection.IntrospectionProperties;
import io.gatehouse.gateway.introspection.IntrospectionSessionCheck;
import io.gatehouse.gateway.revocation.HybridSessionCheck;
import io.gatehouse.gateway.revocation.RevocationFeedClient;
import io.gatehouse.gateway.revocation.RevocationFeedProperties;
import io.gatehouse.gateway.revocation.RevokedSessions;
import io.gatehouse.gateway.routes.SessionMode;

/**
 * The three session modes: the revocation feed client (started with the context, reported as the
 * {@code revocationFeed} health indicator in the readiness group: not ready until caught up), the
 * hybrid and stateful checks, and the per-route dispatch between them.
 */
@Configuration(proxyBeanMethods = false)
class SessionModeConfiguration {

	private static final Log logger = LogFactory.getLog(SessionModeConfiguration.class);

	@Bean
	RevokedSessions revokedSessions() {
		return new RevokedSessions();
	}

	@Bean
	RevocationFeedClient revocationFeedClient(GatewayProperties gateway, RevocationFeedProperties feed,
			RevokedSessions revoked, JsonMapper json, Clock clock, MeterRegistry meters) {
		return new RevocationFeedClient(WebClient.builder(),
				(feed.uri() != null) ? feed.uri() : gateway.tokenServiceEndpoint("/oauth2/revocations"),
				gateway.clientId(), gateway.clientSecret(), feed, revoked, json, clock, meters);
	}

	/** Starts before the web server opens its port, so the first request already knows every revocation. */
	@Bean
	SmartLifecycle revocationFeedLifecycle(RevocationFeedClient client, RevocationFeedProperties feed) {
		return new StartStopLifecycle(() -> {
			if (feed.enabled()) {
				client.start();
				if (!client.awaitCaughtUp(feed.startupWait())) {
					logger.warn("The revocation feed did not catch up within " + feed.startupWait()
							+ "; not ready until it does");
				}
			}
		}, client::stop, SmartLifecycle.DEFAULT_PHASE - 8192);
	}

	@Bean
	HealthIndicator revocationFeedHealthIndicator(RevocationFeedClient client, RevocationFeedProperties feed,
			RevokedSessions revoked) {
		return () -> {
			if (!feed.enabled()) {
				return Health.up().withDetail("enabled", false).build();
			}
			Health.Builder health = client.isCaughtUp() ? Health.up()
					: Health.outOfService().withDetail("reason", "the revocation feed has not caught up yet");
			return health.withDetail("connected", client.isConnected())
				.withDetail("cursor", client.cursor())
				.withDetail("downSeconds", client.downFor().toSeconds())
				.withDetail("revokedSessions", revoked.size())
				.build();
		};
	}

	@Bean
	SessionCheck sessionCheck(GatewayProperties gateway, RevocationFeedProperties feed,
			IntrospectionProperties introspection, RevokedSessions revoked, RevocationFeedClient client,
			MeterRegistry meters) {
		SessionCheck hybrid = new HybridSessionCheck(revoked, client, feed.downThreshold(), meters);
		if (!feed.enabled()) {
			logger.warn("gatehouse.gateway.revocation-feed.enabled=false: hybrid routes validate statelessly");
			hybrid = SessionCheck.STATELESS;
		}
		SessionCheck stateful = new IntrospectionSessionCheck(WebClient.builder(),
				(introspection.uri() != null) ? introspection.uri() : gateway.tokenServiceEndpoint("/oauth2/introspect"),
				gateway.clientId(), gateway.clientSecret(), introspection, meters);
		return new PerRouteSessionCheck(Map.of(SessionMode.STATELESS, SessionCheck.STATELESS, SessionMode.HYBRID, hybrid,
				SessionMode.STATEFUL, stateful), gateway.defaultMode());
	}

}
