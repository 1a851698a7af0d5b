package io.gatehouse.tokenservice.support;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.util.UriComponentsBuilder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One browser's way through the authorization code flow, for tests: a PKCE pair, the authorization
 * request, the binding cookie the service sets, the login form's POST and the code in the redirect.
 */
public final class AuthorizationFlow {

	private static final SecureRandom random = new SecureRandom();

	private final WebTestClient http;

	public final String clientId;

	public final String redirectUri;

	public final String verifier = randomString(48);

	public final String state = "st-" + randomString(8);

	public final String nonce = "n-" + randomString(8);

	private String cookie;

	private String cookieName = "gatehouse-browser";

	private String requestId;

	public AuthorizationFlow(WebTestClient http, String clientId, String redirectUri) {
		this.http = http;
		this.clientId = clientId;
		this.redirectUri = redirectUri;
	}

	/** The S256 challenge of {@link #verifier}. */
	public String challenge() {
		return challengeOf(this.verifier);
	}

	public static String challengeOf(String verifier) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
			return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The parameters of a valid request asking for {@code scope}. */
	public Map<String, String> parameters(String scope) {
		Map<String, String> parameters = new LinkedHashMap<>();
		parameters.put("response_type", "code");
		parameters.put("client_id", this.clientId);
		parameters.put("redirect_uri", this.redirectUri);
		parameters.put("state", this.state);
		parameters.put("code_challenge", challenge());
		parameters.put("code_challenge_method", "S256");
		parameters.put("scope", scope);
		parameters.put("nonce", this.nonce);
		return parameters;
	}

	/** {@code GET /oauth2/authorize} with exactly {@code parameters} ({@code null} values left out). */
	public WebTestClient.ResponseSpec authorize(Map<String, String> parameters) {
		Map<String, String> values = new LinkedHashMap<>();
		parameters.forEach((name, value) -> {
			if (value != null) {
				values.put(name, value);
			}
		});
		WebTestClient.RequestHeadersSpec<?> request = this.http.get().uri((builder) -> {
			builder.path("/oauth2/authorize");
			values.keySet().forEach((name) -> builder.queryParam(name, "{" + name + "}"));
			return builder.build(values);
		});
		if (this.cookie != null) {
			request = request.cookie(cookieName(), this.cookie);
		}
		return request.exchange();
	}

	/** Starts a valid request for {@code scope}; remembers the login page's request id and the cookie. */
	public AuthorizationFlow start(String scope) {
		EntityExchangeResult<Void> result = authorize(parameters(scope)).expectStatus()
			.isSeeOther()
			.expectBody()
			.isEmpty();
		URI location = result.getResponseHeaders().getLocation();
		assertThat(location.toString()).startsWith("../signin?request=");
		this.requestId = location.toString().substring("../signin?request=".length());
		// __Host-gatehouse-browser (Secure) under an https issuer, gatehouse-browser otherwise.
		result.getResponseCookies().forEach((name, cookies) -> {
			if (name.endsWith("gatehouse-browser")) {
				this.cookieName = name;
				this.cookie = cookies.get(0).getValue();
				assertThat(cookies.get(0).isHttpOnly()).isTrue();
			}
		});
		assertThat(this.cookie).as("binding cookie").isNotNull();
		return this;
	}

	public String requestId() {
		return this.requestId;
	}

	/** Replaces the browser's binding cookie ({@code null}: none), as another browser would have. */
	public void useCookie(String value) {
		this.cookie = value;
	}

	private String cookieName() {
		return this.cookieName;
	}

	/** {@code GET /signin?request=…} as the browser follows the redirect. */
	public WebTestClient.ResponseSpec loginPage() {
		return this.http.get().uri("/signin?request={id}", this.requestId).exchange();
	}

	/** The login form's POST. */
	public WebTestClient.ResponseSpec submit(String username, String password) {
		WebTestClient.RequestBodySpec request = this.http.post()
			.uri("/signin?request={id}", this.requestId)
			.contentType(MediaType.APPLICATION_FORM_URLENCODED);
		if (this.cookie != null) {
			request = request.cookie(cookieName(), this.cookie);
		}
		return request.body(BodyInserters.fromFormData("request", this.requestId)
			.with("username", username)
			.with("password", password)).exchange();
	}

	/** Signs in and returns the redirect's query parameters ({@code code}, {@code state}, {@code iss}). */
	public Map<String, String> signIn(String username, String password) {
		URI location = submit(username, password).expectStatus()
			.isSeeOther()
			.expectBody()
			.isEmpty()
			.getResponseHeaders()
			.getLocation();
		assertThat(location.toString()).startsWith(this.redirectUri + "?");
		return query(location);
	}

	/** The code of a complete sign-in for {@code scope}. */
	public String code(String scope, String username, String password) {
		return start(scope).signIn(username, password).get("code");
	}

	/** {@code POST /oauth2/token} exchanging {@code code} for a public client, with {@code extra} overriding. */
	public WebTestClient.ResponseSpec exchange(String code, Map<String, String> overrides) {
		MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
		form.add("grant_type", "authorization_code");
		form.add("code", code);
		form.add("redirect_uri", this.redirectUri);
		form.add("code_verifier", this.verifier);
		form.add("client_id", this.clientId);
		overrides.forEach((name, value) -> {
			form.remove(name);
			if (value != null) {
				form.add(name, value);
			}
		});
		return this.http.post()
			.uri("/oauth2/token")
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.body(BodyInserters.fromFormData(form))
			.exchange();
	}

	/** A redirect's query parameters, decoded. */
	public static Map<String, String> query(URI location) {
		Map<String, String> values = new LinkedHashMap<>();
		UriComponentsBuilder.fromUri(location).build().getQueryParams().forEach((name, list) -> values.put(name,
				java.net.URLDecoder.decode(list.get(0), StandardCharsets.UTF_8)));
		return values;
	}

	public static String randomString(int bytes) {
		byte[] value = new byte[bytes];
		random.nextBytes(value);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(value);
	}

}
