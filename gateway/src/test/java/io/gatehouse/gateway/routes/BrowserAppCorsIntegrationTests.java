package io.gatehouse.gateway.routes;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;

import io.gatehouse.gateway.support.GatewayIntegrationTest;

/**
 * A single-page app calls the token service's public endpoints from the browser: the registered
 * app origin gets CORS answers (preflight and actual request), any other origin does not.
 */
class BrowserAppCorsIntegrationTests extends GatewayIntegrationTest {

	private static final String SPA = "http://localhost:5173";

	@Test
	void preflightWhenTheAppsOriginAsksToPostTheCodeExchangeThenAllowedWithoutCredentials() {
		this.http.options()
			.uri("/oauth2/token")
			.header(HttpHeaders.ORIGIN, SPA)
			.header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "POST")
			.header(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS, "content-type")
			.exchange()
			.expectStatus().isOk()
			.expectHeader().valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, SPA)
			.expectHeader().value(HttpHeaders.ACCESS_CONTROL_ALLOW_METHODS, (methods) -> methods.contains("POST"))
			.expectHeader().doesNotExist(HttpHeaders.ACCESS_CONTROL_ALLOW_CREDENTIALS);
	}

	@Test
	void preflightWhenAnotherOriginThenRefused() {
		this.http.options()
			.uri("/oauth2/token")
			.header(HttpHeaders.ORIGIN, "https://evil.example")
			.header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "POST")
			.exchange()
			.expectStatus().isForbidden()
			.expectHeader().doesNotExist(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN);
	}

	@Test
	void requestWhenTheAppReadsTheKeysThenTheAnswerCarriesItsOrigin() {
		this.http.method(HttpMethod.GET)
			.uri("/oauth2/jwks")
			.header(HttpHeaders.ORIGIN, SPA)
			.exchange()
			.expectStatus().isOk()
			.expectHeader().valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, SPA);
	}

}
