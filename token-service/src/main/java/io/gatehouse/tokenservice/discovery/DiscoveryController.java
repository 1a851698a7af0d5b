package io.gatehouse.tokenservice.discovery;

import java.time.Duration;
import java.util.Map;

import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Discovery: RFC 8414 metadata at {@code /.well-known/oauth-authorization-server} and OpenID
 * Connect provider metadata at {@code /.well-known/openid-configuration}, the same
 * {@link ServerMetadata} under both names (AppAuth, oauth4webapi and Spring Security read one or
 * the other), cacheable for an hour.
 */
@RestController
class DiscoveryController {

	private final ServerMetadata metadata;

	DiscoveryController(ServerMetadata metadata) {
		this.metadata = metadata;
	}

	@GetMapping({ "/.well-known/oauth-authorization-server", "/.well-known/openid-configuration" })
	ResponseEntity<Map<String, Object>> metadata() {
		return ResponseEntity.ok()
			.cacheControl(CacheControl.maxAge(Duration.ofHours(1)).cachePublic())
			.body(this.metadata.values());
	}

}
