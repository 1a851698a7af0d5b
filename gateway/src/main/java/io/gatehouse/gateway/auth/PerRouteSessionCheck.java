package io.gatehouse.gateway.auth;

import java.util.EnumMap;
import java.util.Map;

import reactor.core.publisher.Mono;

import io.gatehouse.gateway.routes.RoutePolicy;
import io.gatehouse.gateway.routes.SessionMode;

/**
 * Picks each request's {@link SessionCheck} from its route's {@link SessionMode} (metadata
 * {@code mode}), or the gateway's default mode when the route names none.
 */
public final class PerRouteSessionCheck implements SessionCheck {

	private final Map<SessionMode, SessionCheck> checks;

	private final SessionMode defaultMode;

	public PerRouteSessionCheck(Map<SessionMode, SessionCheck> checks, SessionMode defaultMode) {
		this.checks = new EnumMap<>(checks);
		for (SessionMode mode : SessionMode.values()) {
			if (!this.checks.containsKey(mode)) {
				throw new IllegalArgumentException("no session check for mode " + mode);
			}
		}
		this.defaultMode = defaultMode;
	}

	@Override
	public Mono<Void> check(String token, ValidatedToken valid, RoutePolicy policy) {
		return this.checks.get(policy.modeOr(this.defaultMode)).check(token, valid, policy);
	}

	@Override
	public boolean clearsAtOnce(String token, ValidatedToken valid, RoutePolicy policy) {
		return this.checks.get(policy.modeOr(this.defaultMode)).clearsAtOnce(token, valid, policy);
	}

}
