package io.gatehouse.tokenservice.discovery;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import io.gatehouse.tokenservice.config.GatehouseProperties;
import io.gatehouse.tokenservice.signing.SigningProperties;

/**
 * RFC 8414 authorization server metadata at {@code /.well-known/oauth-authorization-server}: the
 * issuer and the endpoints gateways and client libraries discover everything else from.
 */
@RestController
class AuthorizationServerMetadataController {

	private final Map<String, Object> metadata;

	AuthorizationServerMetadataController(GatehouseProperties properties, SigningProperties signing) {
		String issuer = properties.issuerString();
		Map<String, Object> values = new LinkedHashMap<>();
		values.put("issuer", issuer);
		values.put("token_endpoint", issuer + "/oauth2/token");
		values.put("revocation_endpoint", issuer + "/oauth2/revoke");
		values.put("jwks_uri", issuer + "/oauth2/jwks");
		values.put("grant_types_supported", List.of("refresh_token"));
		values.put("response_types_supported", List.of());
		values.put("token_endpoint_auth_methods_supported", List.of("client_secret_basic", "none"));
		values.put("revocation_endpoint_auth_methods_supported", List.of("client_secret_basic", "none"));
		values.put("access_token_signing_alg_values_supported", List.of(signing.algorithm().jwsAlgorithm().getName()));
		values.put("scopes_supported", List.of("api"));
		values.put("login_endpoint", issuer + "/auth/login");
		values.put("sessions_endpoint", issuer + "/auth/sessions");
		this.metadata = Map.copyOf(values);
	}

	@GetMapping("/.well-known/oauth-authorization-server")
	ResponseEntity<Map<String, Object>> metadata() {
		return ResponseEntity.ok().cacheControl(CacheControl.maxAge(Duration.ofHours(1)).cachePublic()).body(this.metadata);
	}

}
