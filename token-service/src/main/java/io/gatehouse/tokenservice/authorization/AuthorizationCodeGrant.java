package io.gatehouse.tokenservice.authorization;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import reactor.core.publisher.Mono;

import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

import io.gatehouse.tokenservice.accesstoken.AccessTokenIssuer;
import io.gatehouse.tokenservice.accesstoken.AccessTokenSubject;
import io.gatehouse.tokenservice.accesstoken.IssuedAccessToken;
import io.gatehouse.tokenservice.client.GrantType;
import io.gatehouse.tokenservice.client.RegisteredClient;
import io.gatehouse.tokenservice.oidc.IdTokenIssuer;
import io.gatehouse.tokenservice.session.Session;
import io.gatehouse.tokenservice.web.OAuthError;
import io.gatehouse.tokenservice.web.RequestOrigin;
import io.gatehouse.tokenservice.web.TokenResponse;

/**
 * {@code grant_type=authorization_code} at the token endpoint (RFC 6749 §4.1.3, OAuth 2.1 §4.1.3):
 * {@code code}, {@code redirect_uri} and {@code code_verifier} from an already authenticated
 * client. The answer is the login response (a new session, its refresh token,
 * {@code refresh_token_expires_in}, {@code session_id}) plus an {@code id_token} when the
 * {@code openid} scope was granted. Every mismatch is {@code invalid_grant} ({@link AuthorizationCodes}).
 */
@Component
public final class AuthorizationCodeGrant {

	private final AuthorizationCodes codes;

	private final AccessTokenIssuer accessTokens;

	private final IdTokenIssuer idTokens;

	private final Clock clock;

	AuthorizationCodeGrant(AuthorizationCodes codes, AccessTokenIssuer accessTokens, IdTokenIssuer idTokens,
			Clock clock) {
		this.codes = codes;
		this.accessTokens = accessTokens;
		this.idTokens = idTokens;
		this.clock = clock;
	}

	/** Exchanges the form's code for {@code client}, judged at the request's {@code arrival}. */
	public Mono<ResponseEntity<TokenResponse>> grant(RegisteredClient client, String code, String redirectUri,
			String verifier, RequestOrigin origin, Instant arrival) {
		if (!client.policy().allows(GrantType.AUTHORIZATION_CODE)) {
			return Mono.error(OAuthError.unauthorizedClient("the client may not use grant_type authorization_code")
				.exception());
		}
		if (code == null) {
			return Mono.error(OAuthError.invalidRequest("code is required").exception());
		}
		return this.codes.exchange(code, client, redirectUri, verifier, origin, arrival)
			.map((exchanged) -> respond(exchanged, client));
	}

	private ResponseEntity<TokenResponse> respond(AuthorizationCodes.Exchanged exchanged, RegisteredClient client) {
		Session session = exchanged.session().session();
		AccessTokenSubject subject = new AccessTokenSubject(exchanged.user().id(), exchanged.user().username(),
				exchanged.user().roles(), session.id(), session.scope());
		IssuedAccessToken accessToken = this.accessTokens.issue(subject, client);
		String idToken = List.of(session.scope().split(" ")).contains("openid")
				? this.idTokens.issue(new IdTokenIssuer.IdTokenSubject(exchanged.user().id(), exchanged.user().username(),
						session.id(), exchanged.code().authTime(), exchanged.code().nonce()), client)
				: null;
		return new TokenResponse(accessToken.value(), "Bearer", accessToken.expiresIn().toSeconds(),
				exchanged.session().refreshToken(), session.remainingAt(this.clock.instant()).toSeconds(), session.scope(),
				session.id().toString(), idToken)
			.noStore();
	}

}
