package io.gatehouse.gateway.browser;

import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;

import io.gatehouse.gateway.config.GatewayProperties;

/**
 * Browser mode's calls to the token service, as the confidential client {@code gateway-browser}
 * ({@code client_secret_basic}): the code exchange (with the PKCE verifier), the refresh, the
 * revocation of a logout (RFC 7009) and the session lookup of {@code GET /session} (RFC 7662
 * introspection of the refresh token). Each passes on the browser's address ({@code X-Forwarded-For},
 * which the token service believes from its trusted proxies) and {@code User-Agent}, so the session's
 * timeline names the user's device, not the gateway. Each is bounded by {@code refresh-timeout} and
 * reads at most 16 KiB; every failure that is not the token service's considered refusal is
 * {@link TokenOutcome.Unavailable}.
 */
final class BrowserTokenClient {

	private static final Log logger = LogFactory.getLog(BrowserTokenClient.class);

	private static final Pattern REASON = Pattern.compile("[a-z_]{1,64}");

	private static final int MAX_USER_AGENT = 512;

	/** The refusal of a session whose cookie could not be delivered. */
	static final String COOKIE_TOO_LARGE = "cookie_too_large";

	private final WebClient web;

	private final URI tokenEndpoint;

	private final URI revocationEndpoint;

	private final URI introspectionEndpoint;

	private final BrowserProperties properties;

	private final JsonMapper json;

	BrowserTokenClient(WebClient.Builder web, GatewayProperties gateway, BrowserProperties properties, JsonMapper json) {
		this.web = web.defaultHeaders((headers) -> headers.setBasicAuth(properties.clientId(), properties.clientSecret()))
			.codecs((codecs) -> codecs.defaultCodecs().maxInMemorySize(16 * 1024))
			.build();
		this.tokenEndpoint = gateway.tokenServiceEndpoint("/oauth2/token");
		this.revocationEndpoint = gateway.tokenServiceEndpoint("/oauth2/revoke");
		this.introspectionEndpoint = gateway.tokenServiceEndpoint("/oauth2/introspect");
		this.properties = properties;
		this.json = json;
	}

	/** Where the browser is and what it is, for the token service's timeline. */
	record Caller(InetAddress address, String userAgent) {
	}

	Mono<TokenOutcome> exchangeCode(String code, String verifier, Caller caller) {
		MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
		form.add("grant_type", "authorization_code");
		form.add("code", code);
		form.add("redirect_uri", this.properties.redirectUri());
		form.add("code_verifier", verifier);
		return grant(form, caller);
	}

	Mono<TokenOutcome> refresh(String refreshToken, Caller caller) {
		MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
		form.add("grant_type", "refresh_token");
		form.add("refresh_token", refreshToken);
		return grant(form, caller);
	}

	/** Ends the session at the token service; {@code false} when it could not be asked. */
	Mono<Boolean> revoke(String refreshToken, Caller caller) {
		return post(this.revocationEndpoint, BodyInserters.fromFormData("token", refreshToken)
			.with("token_type_hint", "refresh_token"), caller)
			.exchangeToMono((response) -> response.releaseBody().thenReturn(response.statusCode().is2xxSuccessful()))
			.timeout(this.properties.refreshTimeout())
			.onErrorResume((ex) -> {
				logger.warn("The token service could not be asked to end a session at logout: " + ex);
				return Mono.just(false);
			});
	}

	/** The token service's word on the session (introspection of its refresh token); empty when it cannot be asked. */
	Mono<JsonNode> describe(String refreshToken) {
		return post(this.introspectionEndpoint, BodyInserters.fromFormData("token", refreshToken)
			.with("token_type_hint", "refresh_token"), null)
			.exchangeToMono((response) -> response.statusCode().is2xxSuccessful()
					? response.bodyToMono(byte[].class).map(this.json::readTree)
					: response.releaseBody().then(Mono.<JsonNode>error(new IllegalStateException(
							"introspection answered " + response.statusCode().value()))))
			.timeout(this.properties.refreshTimeout())
			.onErrorResume((ex) -> {
				logger.debug("Session lookup failed", ex);
				return Mono.empty();
			});
	}

	private Mono<TokenOutcome> grant(MultiValueMap<String, String> form, Caller caller) {
		return post(this.tokenEndpoint, BodyInserters.fromFormData(form), caller)
			.exchangeToMono(this::outcome)
			.timeout(this.properties.refreshTimeout())
			.onErrorResume((ex) -> Mono.just(unavailable(ex)))
			.flatMap((outcome) -> deliverable(outcome, caller));
	}

	/**
	 * A granted session whose cookie the gateway could not read back (longer than
	 * {@value SessionCookie#MAX_LENGTH} characters, which a browser may drop, or tokens of an unexpected
	 * shape) is ended at once and refused as {@code cookie_too_large}: a cookie the browser drops
	 * would send the user round the sign-in forever, and the session would stay open unseen.
	 */
	private Mono<TokenOutcome> deliverable(TokenOutcome outcome, Caller caller) {
		if (!(outcome instanceof TokenOutcome.Granted granted)
				|| SessionCookie.parse(granted.tokens().cookie().value()).isPresent()) {
			return Mono.just(outcome);
		}
		logger.error("The token service granted a session whose cookie would be " + granted.tokens().cookie().value().length()
				+ " characters (at most " + SessionCookie.MAX_LENGTH + " fit) or not in the expected shape; the session "
				+ "is ended. Give the user fewer roles or the gateway-browser client fewer scopes.");
		return revoke(granted.tokens().refreshToken(), caller).thenReturn(new TokenOutcome.Refused(COOKIE_TOO_LARGE));
	}

	private WebClient.RequestHeadersSpec<?> post(URI uri, BodyInserters.FormInserter<String> body, Caller caller) {
		return this.web.post().uri(uri).contentType(MediaType.APPLICATION_FORM_URLENCODED).headers((headers) -> {
			if (caller != null && caller.address() != null) {
				headers.set("X-Forwarded-For", caller.address().getHostAddress());
			}
			if (caller != null && caller.userAgent() != null) {
				String agent = caller.userAgent();
				headers.set(HttpHeaders.USER_AGENT, (agent.length() > MAX_USER_AGENT) ? agent.substring(0, MAX_USER_AGENT) : agent);
			}
		}).body(body);
	}

	private Mono<TokenOutcome> outcome(ClientResponse response) {
		HttpStatus status = HttpStatus.resolve(response.statusCode().value());
		return response.bodyToMono(byte[].class).defaultIfEmpty(new byte[0]).map((bytes) -> {
			if (status == HttpStatus.OK) {
				return granted(this.json.readTree(bytes));
			}
			JsonNode error = (bytes.length > 0) ? this.json.readTree(bytes) : null;
			String code = (error != null && error.has("error")) ? error.get("error").asString() : null;
			if (status == HttpStatus.BAD_REQUEST && "invalid_grant".equals(code)) {
				String reason = error.has("error_description") ? error.get("error_description").asString() : "";
				return new TokenOutcome.Refused(REASON.matcher(reason).matches() ? reason : "invalid_grant");
			}
			if (status == HttpStatus.UNAUTHORIZED) {
				logger.error("The token service refused the gateway's browser-mode client credentials: check "
						+ "gatehouse.gateway.browser.client-id and GATEHOUSE_GATEWAY_BROWSER_CLIENT_SECRET");
				return new TokenOutcome.Unavailable("the gateway cannot reach the token service as its client right now");
			}
			logger.warn("The token service answered a browser-mode grant with " + response.statusCode().value()
					+ ((code != null) ? " " + code : ""));
			return new TokenOutcome.Unavailable("the token service could not renew the session right now");
		});
	}

	private static TokenOutcome granted(JsonNode body) {
		String access = text(body, "access_token");
		String refresh = text(body, "refresh_token");
		if (access == null || refresh == null || !body.has("refresh_token_expires_in")) {
			return new TokenOutcome.Unavailable("the token service's answer was incomplete");
		}
		Duration lifetime = Duration.ofSeconds(body.get("refresh_token_expires_in").asLong());
		return new TokenOutcome.Granted(new TokenSet(access, refresh, lifetime));
	}

	private static String text(JsonNode body, String field) {
		JsonNode value = body.get(field);
		return (value != null && value.isString() && !value.asString().isEmpty()) ? value.asString() : null;
	}

	private static TokenOutcome unavailable(Throwable failure) {
		if (failure instanceof TimeoutException) {
			return new TokenOutcome.Unavailable("the token service did not answer in time");
		}
		logger.debug("A browser-mode grant failed", failure);
		return new TokenOutcome.Unavailable("the token service cannot be reached right now");
	}

}
