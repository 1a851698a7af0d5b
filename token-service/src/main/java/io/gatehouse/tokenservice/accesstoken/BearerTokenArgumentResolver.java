package io.gatehouse.tokenservice.accesstoken;

import java.util.List;

import reactor.core.publisher.Mono;

import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.web.reactive.BindingContext;
import org.springframework.web.reactive.result.method.HandlerMethodArgumentResolver;
import org.springframework.web.server.ServerWebExchange;

import io.gatehouse.tokenservice.session.SessionRepository;
import io.gatehouse.tokenservice.web.OAuthError;

/**
 * Resolves a {@link VerifiedAccessToken} handler parameter from {@code Authorization: Bearer}
 * (RFC 6750 §2.1 only; never a query parameter): the token must verify, be issued for this
 * service ({@code aud} contains {@code gatehouse.audience}, RFC 9068 §4, so a token meant for
 * another API cannot manage sessions) and its session must not have ended, since the token service
 * knows revocations at once even when gateways run stateless. Failures are RFC 6750 §3 answers.
 */
final class BearerTokenArgumentResolver implements HandlerMethodArgumentResolver {

	private final AccessTokenVerifier verifier;

	private final SessionRepository sessions;

	private final String audience;

	BearerTokenArgumentResolver(AccessTokenVerifier verifier, SessionRepository sessions, String audience) {
		this.verifier = verifier;
		this.sessions = sessions;
		this.audience = audience;
	}

	@Override
	public boolean supportsParameter(MethodParameter parameter) {
		return VerifiedAccessToken.class.equals(parameter.getParameterType());
	}

	@Override
	public Mono<Object> resolveArgument(MethodParameter parameter, BindingContext bindingContext,
			ServerWebExchange exchange) {
		List<String> authorizations = exchange.getRequest().getHeaders().getOrEmpty(HttpHeaders.AUTHORIZATION);
		if (authorizations.isEmpty()) {
			return Mono.error(OAuthError.bearerRequired().exception());
		}
		String authorization = authorizations.get(0);
		if (authorizations.size() == 1 && !authorization.regionMatches(true, 0, "Bearer", 0, 6)) {
			// Basic, Digest, …: no bearer credentials at all, so RFC 6750 §3's plain 401 challenge.
			return Mono.error(OAuthError.bearerRequired().exception());
		}
		if (authorizations.size() > 1 || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
			return Mono.error(OAuthError.invalidRequest("expected one Authorization: Bearer header").exception());
		}
		return Mono.fromCallable(() -> verifiedForThisService(authorization.substring(7).trim()))
			.flatMap((token) -> this.sessions.findById(token.sessionId())
				.filter((session) -> !session.isEnded())
				.switchIfEmpty(Mono.error(OAuthError.invalidToken("revoked").exception()))
				.thenReturn(token));
	}

	private VerifiedAccessToken verifiedForThisService(String bearer) {
		VerifiedAccessToken token = this.verifier.verify(bearer);
		if (!token.isFor(this.audience)) {
			throw OAuthError.invalidToken("wrong_audience").exception();
		}
		return token;
	}

}
