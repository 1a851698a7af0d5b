package io.gatehouse.tokenservice.web;

import reactor.core.publisher.Mono;

import org.springframework.util.MultiValueMap;
import org.springframework.web.server.ServerWebExchange;

/**
 * Reads an {@code application/x-www-form-urlencoded} body (RFC 6749 §3.2, the HTML forms). A body
 * the decoder cannot read, such as a {@code %} not followed by two hex digits, is 400
 * {@code invalid_request}, not the decoder's {@link IllegalArgumentException} reaching the client as
 * a 500.
 */
public final class FormBodies {

	private FormBodies() {
	}

	/** The form's parameters, or an {@link OAuthErrorException} ({@code invalid_request}). */
	public static Mono<MultiValueMap<String, String>> read(ServerWebExchange exchange) {
		return exchange.getFormData()
			.onErrorMap(IllegalArgumentException.class, (malformed) -> OAuthError
				.invalidRequest("the form body is not valid application/x-www-form-urlencoded (a % must be followed "
						+ "by two hex digits)")
				.exception());
	}

}
