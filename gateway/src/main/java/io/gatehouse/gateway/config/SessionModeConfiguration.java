package io.gatehouse.gateway.config;

import java.time.Clock;
import java.util.Map;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import tools.jackson.databind.json.JsonMapper;

import reactor.core.publisher.Flux;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.client.WebClient;

import io.gatehouse.gateway.auth.PerRouteSessionCheck;
import io.gatehouse.gateway.doctor.TokenServiceClock;
import io.gatehouse.gateway.ratelimit.AttemptLimiter;
import io.gatehouse.gateway.auth.SessionCheck;
import io.gatehouse.gateway.browser.BrowserProperties;
import io.gatehouse.gateway.introspection.IntrospectionProperties;
import io.gatehouse.gateway.introspection.IntrospectionSessionCheck;
import io.gatehouse.gateway.revocation.HybridRoutes;
import io.gatehouse.gateway.revocation.HybridSessionCheck;
import io.gatehouse.gateway.revocation.RevocationFeedClient;
import io.gatehouse.gateway.revocation.RevocationFeedProperties;
import io.gatehouse.gateway.revocation.RevocationFeedReadiness;
import io.gatehouse.gateway.revocation.RevokedSessions;
import io.gatehouse.gateway.routes.SessionMode;

/**
 * The three session modes: the revocation feed client (started with the context when some route
 * is hybrid, reported as the {@code revocationFeed} health indicator in the readiness group: not
 * ready until caught up, and only if some route needs it), the
 * hybrid and stateful checks, and the per-route dispatch between them.
 */
@Configuration(proxyBeanMethods = false)
class SessionModeConfiguration {

	private static final Log logger = LogFactory.getLog(SessionModeConfiguration.class);

	@Bean
	RevokedSessions revokedSessions(GatewayProperties gateway) {
		return new RevokedSessions(gateway.clockSkew());
	}

	@Bean
	HybridRoutes hybridRoutes(ObjectProvider<RouteLocator> routes, GatewayProperties gateway) {
		return new HybridRoutes(new LazyRouteLocator(routes), gateway.defaultMode());
	}

	@Bean
	RevocationFeedClient revocationFeedClient(GatewayProperties gateway, RevocationFeedProperties feed,
			RevokedSessions revoked, JsonMapper json, Clock clock, MeterRegistry meters, AttemptLimiter limiter,
			TokenServiceClock tokenServiceClock, ObjectProvider<BrowserProperties> browser) {
		// A random id per process: the token service counts gateways, whether each counts limits alone, and
		// which client's users get cookies that end with the browser (its lifetime is the token service's to judge).
		String follower = "instance=" + UUID.randomUUID() + "; limits=" + (limiter.isShared() ? "redis" : "memory");
		BrowserProperties cookies = browser.getIfAvailable();
		if (cookies != null && cookies.enabled() && !cookies.persistentCookies()) {
			follower += "; browser-session-cookies=" + cookies.clientId();
		}
		return new RevocationFeedClient(WebClient.builder().filter(tokenServiceClock.recorder()),
				(feed.uri() != null) ? feed.uri() : gateway.tokenServiceEndpoint("/oauth2/revocations"),
				gateway.clientId(), gateway.clientSecret(), feed, revoked, json, clock, meters, follower);
	}

	/**
	 * Starts before the web server opens its port, so the first request already knows every
	 * revocation; not at all when no route is hybrid (nothing would read what it delivers).
	 */
	@Bean
	SmartLifecycle revocationFeedLifecycle(RevocationFeedClient client, RevocationFeedProperties feed,
			HybridRoutes hybridRoutes) {
		return new StartStopLifecycle(() -> {
			if (!feed.enabled()) {
				return;
			}
			if (!hybridRoutes.existAtStartup(feed.startupWait())) {
				logger.info("No route is hybrid: the revocation feed is not followed and does not gate readiness");
			}
			else {
				client.start();
				if (!client.awaitCaughtUp(feed.startupWait())) {
					logger.warn("The revocation feed did not catch up within " + feed.startupWait()
							+ "; not ready until it does");
				}
			}
		}, client::stop, SmartLifecycle.DEFAULT_PHASE - 8192);
	}

	@Bean
	RevocationFeedReadiness revocationFeedHealthIndicator(RevocationFeedClient client, RevocationFeedProperties feed,
			RevokedSessions revoked, HybridRoutes hybridRoutes) {
		return new RevocationFeedReadiness(client, revoked, hybridRoutes, feed.enabled());
	}

	/** The primary (caching) route locator, looked up at first use: the session check is built before the routes. */
	private record LazyRouteLocator(ObjectProvider<RouteLocator> routes) implements RouteLocator {

		@Override
		public Flux<Route> getRoutes() {
			return Flux.defer(() -> this.routes.getObject().getRoutes());
		}

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
