package io.gatehouse.tokenservice.client;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

import io.gatehouse.tokenservice.web.OAuthError;

/**
 * Client authentication per RFC 6749 §2.3: a confidential client sends {@code client_secret_basic}
 * (HTTP Basic with the URL-encoded id and secret) or, on the token endpoint, {@code client_secret_post}
 * ({@code client_id} and {@code client_secret} in the form; never both methods at once), a public
 * client only its {@code client_id}. The
 * secret's hash is checked once with its slow algorithm; afterwards a SHA-256 of the accepted
 * secret is compared in constant time, so a busy confidential client does not pay Argon2 on every
 * refresh.
 */
@Component
public final class ClientAuthenticator {

	private final ClientRegistry registry;

	private final PasswordEncoder secretEncoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();

	private final Map<String, byte[]> acceptedSecretDigests = new ConcurrentHashMap<>();

	public ClientAuthenticator(ClientRegistry registry) {
		this.registry = registry;
	}

	/** The client the request authenticates as, or an {@code invalid_client} / {@code invalid_request} error. */
	public Mono<RegisteredClient> authenticate(ServerHttpRequest request, String clientIdParameter) {
		return authenticate(request, clientIdParameter, null);
	}

	/**
	 * The same as {@link #authenticate(ServerHttpRequest, String)}, also accepting
	 * {@code client_secret_post}: {@code clientSecretParameter} is the form's {@code client_secret}.
	 */
	public Mono<RegisteredClient> authenticate(ServerHttpRequest request, String clientIdParameter,
			String clientSecretParameter) {
		String authorization = request.getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
		if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
			if (clientSecretParameter != null) {
				return Mono.error(OAuthError.invalidRequest("use one client authentication method, not two").exception());
			}
			return basic(authorization.substring(6).trim(), clientIdParameter);
		}
		if (clientSecretParameter != null) {
			return post(clientIdParameter, clientSecretParameter);
		}
		if (clientIdParameter == null || clientIdParameter.isBlank()) {
			return Mono.error(OAuthError.invalidClient("client authentication required: send client_id").exception());
		}
		return this.registry.find(clientIdParameter)
			.map((client) -> client.policy().isConfidential()
					? Mono.<RegisteredClient>error(OAuthError.invalidClientBasic("client " + client.id()
							+ " is confidential: authenticate with client_secret_basic").exception())
					: Mono.just(client))
			.orElseGet(() -> Mono.error(OAuthError.invalidClient("unknown client").exception()));
	}

	private Mono<RegisteredClient> basic(String encoded, String clientIdParameter) {
		String[] credentials = decodeBasic(encoded);
		if (credentials == null) {
			return Mono.error(OAuthError.invalidClientBasic("malformed Basic credentials").exception());
		}
		String clientId = credentials[0];
		if (clientIdParameter != null && !clientIdParameter.equals(clientId)) {
			return Mono.error(OAuthError.invalidRequest("client_id differs from the authenticated client").exception());
		}
		RegisteredClient client = this.registry.find(clientId).orElse(null);
		if (client == null || !client.policy().isConfidential()) {
			return Mono.error(OAuthError.invalidClientBasic("unknown client or wrong secret").exception());
		}
		return secretMatches(client, credentials[1]).flatMap((matches) -> matches ? Mono.just(client)
				: Mono.error(OAuthError.invalidClientBasic("unknown client or wrong secret").exception()));
	}

	private Mono<RegisteredClient> post(String clientId, String secret) {
		RegisteredClient client = this.registry.find(clientId).orElse(null);
		if (client == null || !client.policy().isConfidential()) {
			return Mono.error(OAuthError.invalidClient("unknown client or wrong secret").exception());
		}
		return secretMatches(client, secret).flatMap((matches) -> matches ? Mono.just(client)
				: Mono.error(OAuthError.invalidClient("unknown client or wrong secret").exception()));
	}

	private Mono<Boolean> secretMatches(RegisteredClient client, String secret) {
		byte[] digest = sha256(secret);
		byte[] accepted = this.acceptedSecretDigests.get(client.id());
		if (accepted != null) {
			return Mono.just(MessageDigest.isEqual(accepted, digest));
		}
		return Mono.fromCallable(() -> this.secretEncoder.matches(secret, client.policy().secretHash()))
			.subscribeOn(Schedulers.boundedElastic())
			.doOnNext((matches) -> {
				if (matches) {
					this.acceptedSecretDigests.put(client.id(), digest);
				}
			});
	}

	private static String[] decodeBasic(String encoded) {
		try {
			String decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
			int colon = decoded.indexOf(':');
			if (colon <= 0) {
				return null;
			}
			return new String[] { URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8),
					URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8) };
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	private static byte[] sha256(String value) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
