package io.gatehouse.tokenservice.discovery;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.springframework.stereotype.Component;

import io.gatehouse.tokenservice.client.ClientRegistry;
import io.gatehouse.tokenservice.config.GatehouseProperties;
import io.gatehouse.tokenservice.signing.SigningProperties;

/**
 * The one description of this server that both discovery documents publish, so they cannot
 * disagree: RFC 8414 authorization server metadata and OpenID Connect Discovery 1.0 §3 provider
 * metadata share every field (the OpenID document adds nothing the other lacks). Every URL is under
 * the issuer: with the gateway as issuer these are the routes it forwards to the token service.
 */
@Component
public final class ServerMetadata {

	/** The claims an ID token or the userinfo answer can carry. */
	static final List<String> CLAIMS = List.of("sub", "iss", "aud", "azp", "exp", "iat", "auth_time", "nonce", "sid",
			"preferred_username");

	private final Map<String, Object> values;

	ServerMetadata(GatehouseProperties properties, SigningProperties signing, ClientRegistry clients) {
		String issuer = properties.issuerString();
		String algorithm = signing.algorithm().jwsAlgorithm().getName();
		TreeSet<String> scopes = new TreeSet<>(clients.allScopes());
		scopes.add("openid");
		scopes.add("profile");
		Map<String, Object> values = new LinkedHashMap<>();
		values.put("issuer", issuer);
		values.put("authorization_endpoint", issuer + "/oauth2/authorize");
		values.put("token_endpoint", issuer + "/oauth2/token");
		values.put("userinfo_endpoint", issuer + "/userinfo");
		values.put("jwks_uri", issuer + "/oauth2/jwks");
		values.put("end_session_endpoint", issuer + "/oauth2/logout");
		values.put("revocation_endpoint", issuer + "/oauth2/revoke");
		values.put("response_types_supported", List.of("code"));
		values.put("response_modes_supported", List.of("query"));
		values.put("grant_types_supported", List.of("authorization_code", "refresh_token"));
		values.put("subject_types_supported", List.of("public"));
		values.put("id_token_signing_alg_values_supported", List.of(algorithm));
		values.put("access_token_signing_alg_values_supported", List.of(algorithm));
		values.put("code_challenge_methods_supported", List.of("S256"));
		values.put("authorization_response_iss_parameter_supported", true);
		values.put("token_endpoint_auth_methods_supported", List.of("client_secret_basic", "client_secret_post", "none"));
		values.put("revocation_endpoint_auth_methods_supported", List.of("client_secret_basic", "none"));
		values.put("scopes_supported", List.copyOf(scopes));
		values.put("claims_supported", CLAIMS);
		values.put("prompt_values_supported", List.of("login", "none"));
		values.put("login_endpoint", issuer + "/auth/login");
		values.put("sessions_endpoint", issuer + "/auth/sessions");
		this.values = Map.copyOf(values);
	}

	/** The metadata, as both documents answer it. */
	public Map<String, Object> values() {
		return this.values;
	}

}
