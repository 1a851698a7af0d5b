package io.gatehouse.gateway.browser;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;

import io.gatehouse.gateway.config.GatewayProperties;

/**
 * The token service's endpoints that a signed-in user calls with the cookie session's own access
 * token (as a bearer token, never shown to the page), for the account page's actions that change the
 * browser's cookie: the password change ({@code POST /auth/password}, which answers a renewed session
 * as a token response) and signing out everywhere ({@code DELETE /auth/sessions}). Like
 * {@link BrowserTokenClient} each passes on the browser's address and {@code User-Agent}, is bounded
 * by {@code refresh-timeout} and reads at most 16 KiB.
 */
final class SessionOwnerClient {

	private static final Log logger = LogFactory.getLog(SessionOwnerClient.class);

	private final WebClient web;

	private final URI password;

	private final URI sessions;

	private final Duration timeout;

	private final JsonMapper json;

	SessionOwnerClient(WebClient.Builder web, GatewayProperties gateway, BrowserProperties properties, JsonMapper json) {
		this.web = web.codecs((codecs) -> codecs.defaultCodecs().maxInMemorySize(16 * 1024)).build();
		this.password = gateway.tokenServiceEndpoint("/auth/password");
		this.sessions = gateway.tokenServiceEndpoint("/auth/sessions");
		this.timeout = properties.refreshTimeout();
		this.json = json;
	}

	/** What a password change came to. */
	sealed interface PasswordOutcome {

		/** Changed: the caller's renewed session. */
		record Changed(TokenSet tokens) implements PasswordOutcome {
		}

		/** Refused by the token service with this error code (a wrong current password, a weak new one, …). */
		record Refused(String error) implements PasswordOutcome {
		}

		/** The token service could not be asked, or did not answer in time: nothing is known to have changed. */
		record Unavailable() implements PasswordOutcome {
		}

	}

	Mono<PasswordOutcome> changePassword(String accessToken, String currentPassword, String newPassword,
			BrowserTokenClient.Caller caller) {
		return this.web.post()
			.uri(this.password)
			.headers((headers) -> headers(headers, accessToken, caller))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("current_password", currentPassword, "new_password", newPassword))
			.exchangeToMono(this::passwordOutcome)
			.timeout(this.timeout)
			.onErrorResume((ex) -> {
				logger.warn("The token service could not be asked to change a password: " + ex);
				return Mono.just(new PasswordOutcome.Unavailable());
			});
	}

	/** Ends every session of the user; {@code false} when the token service could not be asked. */
	Mono<Boolean> endAllSessions(String accessToken, BrowserTokenClient.Caller caller) {
		return this.web.delete()
			.uri(this.sessions)
			.headers((headers) -> headers(headers, accessToken, caller))
			.exchangeToMono((response) -> response.releaseBody().thenReturn(response.statusCode().is2xxSuccessful()))
			.timeout(this.timeout)
			.onErrorResume((ex) -> {
				logger.warn("The token service could not be asked to end every session: " + ex);
				return Mono.just(false);
			});
	}

	private Mono<PasswordOutcome> passwordOutcome(ClientResponse response) {
		return response.bodyToMono(byte[].class).defaultIfEmpty(new byte[0]).map((bytes) -> {
			JsonNode body = (bytes.length > 0) ? this.json.readTree(bytes) : null;
			if (response.statusCode().value() == HttpStatus.OK.value() && body != null) {
				String access = text(body, "access_token");
				String refresh = text(body, "refresh_token");
				if (access != null && refresh != null && body.has("refresh_token_expires_in")) {
					return new PasswordOutcome.Changed(new TokenSet(access, refresh,
							Duration.ofSeconds(body.get("refresh_token_expires_in").asLong())));
				}
			}
			if (response.statusCode().is5xxServerError() || body == null || text(body, "error") == null) {
				return new PasswordOutcome.Unavailable();
			}
			return new PasswordOutcome.Refused(text(body, "error"));
		});
	}

	private static void headers(HttpHeaders headers, String accessToken, BrowserTokenClient.Caller caller) {
		headers.setBearerAuth(accessToken);
		if (caller.address() != null) {
			headers.set("X-Forwarded-For", caller.address().getHostAddress());
		}
		if (caller.userAgent() != null) {
			String agent = caller.userAgent();
			headers.set(HttpHeaders.USER_AGENT, (agent.length() > 512) ? agent.substring(0, 512) : agent);
		}
	}

	private static String text(JsonNode body, String field) {
		JsonNode value = body.get(field);
		return (value != null && value.isString() && !value.asString().isEmpty()) ? value.asString() : null;
	}

}
