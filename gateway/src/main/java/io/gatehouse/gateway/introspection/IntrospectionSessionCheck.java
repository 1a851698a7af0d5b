package io.gatehouse.gateway.introspection;

import java.net.URI;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientResponseException;

import io.gatehouse.gateway.auth.InvalidTokenException;
import io.gatehouse.gateway.auth.InvalidTokenReason;
import io.gatehouse.gateway.auth.SessionCheck;
import io.gatehouse.gateway.auth.ValidatedToken;
import io.gatehouse.gateway.routes.RoutePolicy;

/**
 * The stateful check: every request asks the token service whether the token's session is live
 * (RFC 7662 §2, {@code POST /oauth2/introspect}, {@code client_secret_basic} as the gateway).
 * {@code "active": false} is {@code revoked}; a token service that is down, slow or failing is a
 * 503 with {@code Retry-After}, never a 401, so clients retry instead of logging out. Timed in
 * {@code gatehouse.gateway.introspection}.
 */
public final class IntrospectionSessionCheck implements SessionCheck {

	private static final Log logger = LogFactory.getLog(IntrospectionSessionCheck.class);

	private final WebClient web;

	private final URI uri;

	private final IntrospectionProperties properties;

	private final Timer timer;

	public IntrospectionSessionCheck(WebClient.Builder web, URI uri, String clientId, String clientSecret,
			IntrospectionProperties properties, MeterRegistry meters) {
		this.web = web.defaultHeaders((headers) -> headers.setBasicAuth(clientId, clientSecret)).build();
		this.uri = uri;
		this.properties = properties;
		this.timer = meters.timer("gatehouse.gateway.introspection");
	}

	@Override
	public Mono<Void> check(String token, ValidatedToken valid, RoutePolicy policy) {
		long started = System.nanoTime();
		return this.web.post()
			.uri(this.uri)
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.body(BodyInserters.fromFormData("token", token).with("token_type_hint", "access_token"))
			.retrieve()
			.bodyToMono(JsonNode.class)
			.timeout(this.properties.timeout())
			.onErrorMap(IntrospectionSessionCheck::unavailable)
			.doFinally((signal) -> this.timer.record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS))
			.flatMap(IntrospectionSessionCheck::requireActive);
	}

	private static Mono<Void> requireActive(JsonNode answer) {
		JsonNode active = answer.get("active");
		if (active != null && active.asBoolean(false)) {
			return Mono.empty();
		}
		return Mono.error(new InvalidTokenException(InvalidTokenReason.REVOKED));
	}

	private static Throwable unavailable(Throwable failure) {
		if (failure instanceof WebClientResponseException.Unauthorized) {
			logger.error("The token service rejected the gateway's client credentials for introspection: check "
					+ "gatehouse.gateway.client-id / GATEHOUSE_GATEWAY_CLIENT_SECRET");
		}
		else {
			logger.debug("Introspection failed", failure);
		}
		return new UnavailableException("the token service cannot confirm the session right now");
	}

}
