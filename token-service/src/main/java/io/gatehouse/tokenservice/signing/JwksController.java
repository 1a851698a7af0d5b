package io.gatehouse.tokenservice.signing;

import java.util.Map;

import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /oauth2/jwks}: the published public keys (never a private part), cacheable for
 * {@code gatehouse.signing.jwks-cache-max-age}. A key is published {@code publish-ahead} before it
 * signs, which is longer than that cache lifetime, so no cache ever lacks a key in use.
 */
@RestController
class JwksController {

	private final SigningKeys keys;

	JwksController(SigningKeys keys) {
		this.keys = keys;
	}

	@GetMapping("/oauth2/jwks")
	ResponseEntity<Map<String, Object>> jwks() {
		return ResponseEntity.ok()
			.cacheControl(CacheControl.maxAge(this.keys.jwksCacheMaxAge()).cachePublic())
			.body(this.keys.publishedKeys().toJSONObject(true));
	}

}
