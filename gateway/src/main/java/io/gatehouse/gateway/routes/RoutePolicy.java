package io.gatehouse.gateway.routes;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import org.springframework.cloud.gateway.route.Route;

/**
 * A route's security policy, read from its metadata. Every route requires a valid access token
 * unless its metadata says {@code auth: public}, so a forgotten route is closed, not open.
 * {@code scopes: "a b"} and {@code roles: "x y"} add requirements; {@code forward-authorization:
 * false} keeps the {@code Authorization} header from the upstream (default: passed on).
 * {@code mode: stateless|hybrid|stateful} chooses how the session is checked (default
 * {@code gatehouse.gateway.default-mode}), and {@code feed-down: closed} makes a hybrid route
 * answer 503 while the revocation feed has been down beyond its threshold (default {@code open}:
 * keep serving with stateless semantics).
 *
 * @param isPublic no token required
 * @param requiredScopes every one must be granted
 * @param requiredRoles every one must be held
 * @param forwardAuthorization whether the upstream receives the {@code Authorization} header
 * @param mode the route's session check, or {@code null} for the gateway's default
 * @param failClosedWhenFeedDown whether a hybrid route refuses requests while the feed is down
 */
public record RoutePolicy(boolean isPublic, Set<String> requiredScopes, Set<String> requiredRoles,
		boolean forwardAuthorization, SessionMode mode, boolean failClosedWhenFeedDown) {

	/** The policy of a request with no matched route: closed. */
	public static final RoutePolicy CLOSED = new RoutePolicy(false, Set.of(), Set.of(), true, null, false);

	public static RoutePolicy of(Route route) {
		if (route == null) {
			return CLOSED;
		}
		return of(route.getMetadata());
	}

	/** The policy that route metadata such as {@code auth}, {@code scopes} and {@code mode} describes. */
	public static RoutePolicy of(Map<String, Object> metadata) {
		return new RoutePolicy("public".equalsIgnoreCase(string(metadata.get("auth"))), words(metadata.get("scopes")),
				words(metadata.get("roles")), !"false".equalsIgnoreCase(string(metadata.get("forward-authorization"))),
				SessionMode.fromMetadata(metadata.get("mode")), "closed".equalsIgnoreCase(string(metadata.get("feed-down"))));
	}

	/** This route's mode, or the given default when its metadata names none. */
	public SessionMode modeOr(SessionMode defaultMode) {
		return (this.mode != null) ? this.mode : defaultMode;
	}

	private static Set<String> words(Object value) {
		String text = string(value);
		if (text == null || text.isBlank()) {
			return Set.of();
		}
		return Collections.unmodifiableSet(new LinkedHashSet<>(Arrays.asList(text.trim().split("[ ,]+"))));
	}

	private static String string(Object value) {
		return (value != null) ? value.toString().trim() : null;
	}

}
