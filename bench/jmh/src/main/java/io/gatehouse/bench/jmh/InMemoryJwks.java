package io.gatehouse.bench.jmh;

import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * A {@link WebClient.Builder} whose exchange function answers the JWKS request from memory, so
 * the gateway's real {@code JwksCache} can be used unchanged without any socket: it is what the
 * gateway tests' {@code StubTokenService} serves over loopback, minus the HTTP server. Any other
 * URI gets a 404.
 */
final class InMemoryJwks {

	static final URI JWKS_URI = URI.create("http://token-service.invalid/oauth2/jwks");

	private final String body;

	private final AtomicInteger fetches = new AtomicInteger();

	InMemoryJwks(JWK... keys) {
		this.body = new JWKSet(java.util.Arrays.stream(keys).map(JWK::toPublicJWK).toList()).toString();
	}

	WebClient.Builder webClient() {
		return WebClient.builder().exchangeFunction((request) -> {
			if (!JWKS_URI.equals(request.url())) {
				return Mono.just(ClientResponse.create(HttpStatus.NOT_FOUND).build());
			}
			this.fetches.incrementAndGet();
			return Mono.just(ClientResponse.create(HttpStatus.OK)
				.header(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_JSON_VALUE)
				.body(this.body)
				.build());
		});
	}

	int fetches() {
		return this.fetches.get();
	}

}
