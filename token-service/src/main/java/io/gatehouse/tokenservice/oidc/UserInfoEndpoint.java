package io.gatehouse.tokenservice.oidc;

import java.util.LinkedHashMap;
import java.util.Map;

import reactor.core.publisher.Mono;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import io.gatehouse.tokenservice.accesstoken.VerifiedAccessToken;
import io.gatehouse.tokenservice.user.UserService;
import io.gatehouse.tokenservice.web.OAuthError;

/**
 * OpenID Connect userinfo (Core 1.0 §5.3), {@code GET} and {@code POST /userinfo} with the access
 * token in {@code Authorization: Bearer} (RFC 6750 §2.1; never a query or form parameter): the
 * token must verify, be issued for this service's audience and belong to a live session, like on
 * every bearer endpoint here; its scope must include {@code openid}, or the answer is 403
 * {@code insufficient_scope} (RFC 6750 §3.1). The claims are {@code sub} (the same as the ID
 * token's) and, with the {@code profile} scope, {@code preferred_username}.
 */
@RestController
class UserInfoEndpoint {

	private final UserService users;

	UserInfoEndpoint(UserService users) {
		this.users = users;
	}

	@GetMapping("/userinfo")
	Mono<ResponseEntity<Map<String, Object>>> get(VerifiedAccessToken token) {
		return userInfo(token);
	}

	@PostMapping("/userinfo")
	Mono<ResponseEntity<Map<String, Object>>> post(VerifiedAccessToken token) {
		return userInfo(token);
	}

	private Mono<ResponseEntity<Map<String, Object>>> userInfo(VerifiedAccessToken token) {
		if (!token.hasScope("openid")) {
			return Mono.error(insufficientScope().exception());
		}
		return this.users.findById(token.userId())
			.switchIfEmpty(Mono.error(OAuthError.invalidToken("revoked").exception()))
			.map((user) -> {
				Map<String, Object> claims = new LinkedHashMap<>();
				claims.put("sub", user.id().toString());
				if (token.hasScope("profile")) {
					claims.put("preferred_username", user.username());
				}
				return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(claims);
			});
	}

	private static OAuthError insufficientScope() {
		return new OAuthError(HttpStatus.FORBIDDEN, "insufficient_scope", "the access token lacks the openid scope",
				Map.of(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"gatehouse\", error=\"insufficient_scope\", "
						+ "error_description=\"the access token lacks the openid scope\", scope=\"openid\""));
	}

}
