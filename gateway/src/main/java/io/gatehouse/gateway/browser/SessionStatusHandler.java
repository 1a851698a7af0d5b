package io.gatehouse.gateway.browser;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.ServerWebExchange;

/**
 * {@code GET /session}: who is signed in in this browser and for how long — the token service's own
 * word (RFC 7662 introspection of the session's refresh token, which neither rotates nor extends
 * it), so an app may poll it without keeping anyone signed in: {@code expires_at} is when the session
 * ends unless it is used (idle timeout) or at the latest (absolute lifetime), whichever is first, as
 * {@code expires_by} says. {@code {"signed_in":false}} without a live session; the cookie is left
 * for the next API call to clear, because a request racing a refresh on another replica may carry a
 * token just rotated away. 503 when the token service cannot be asked.
 */
final class SessionStatusHandler {

	private final BrowserTokenClient tokens;

	private final EdgeRefresh refresh;

	private final BrowserAnswers answers;

	private final Clock clock;

	SessionStatusHandler(BrowserTokenClient tokens, EdgeRefresh refresh, BrowserAnswers answers, Clock clock) {
		this.tokens = tokens;
		this.refresh = refresh;
		this.answers = answers;
		this.clock = clock;
	}

	Mono<ServerResponse> session(ServerRequest request) {
		ServerWebExchange exchange = request.exchange();
		SessionCookie.Found found = SessionCookie.find(exchange.getRequest());
		if (!(found instanceof SessionCookie.Found.Present present)) {
			return answer(Map.of("signed_in", false));
		}
		TokenSet successor = this.refresh.successorOf(present.cookie().refreshToken());
		String refreshToken = (successor != null) ? successor.refreshToken() : present.cookie().refreshToken();
		return this.tokens.describe(refreshToken)
			.flatMap((description) -> answer(describe(description)))
			.switchIfEmpty(Mono.defer(() -> this.answers
				.unavailable(exchange, "the token service cannot be asked about the session right now")
				.then(Mono.empty())));
	}

	private Map<String, Object> describe(JsonNode introspection) {
		if (!introspection.path("active").asBoolean(false) || !introspection.path("exp").isNumber()) {
			return Map.of("signed_in", false);
		}
		Instant expiresAt = Instant.ofEpochSecond(introspection.get("exp").asLong());
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("signed_in", true);
		body.put("subject", introspection.path("sub").asString(null));
		body.put("username", introspection.path("username").asString(null));
		body.put("session_id", introspection.path("sid").asString(null));
		body.put("client_id", introspection.path("client_id").asString(null));
		body.put("expires_at", expiresAt.toString());
		body.put("expires_in", Math.max(0, expiresAt.getEpochSecond() - this.clock.instant().getEpochSecond()));
		body.put("expires_by", introspection.path("expires_by").asString(null));
		return body;
	}

	private static Mono<ServerResponse> answer(Map<String, Object> body) {
		return ServerResponse.ok()
			.contentType(MediaType.APPLICATION_JSON)
			.header(HttpHeaders.CACHE_CONTROL, "no-store")
			.bodyValue(body);
	}

}
