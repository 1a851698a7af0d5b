package io.gatehouse.tokenservice.client;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

import io.gatehouse.tokenservice.config.RuntimeMode;
import io.gatehouse.tokenservice.config.StartupRefusal;

/**
 * The {@code gateway} client ships with a well-known development secret so that {@code ./run.sh}
 * works with no setup (the gateway uses it for the revocation feed and introspection), and the
 * example {@code server-app} client with another. In production mode any confidential client whose
 * secret is one of those development secrets stops the service at startup, with a message saying
 * what to set. The example clients themselves are not registered in production, so only a client
 * of the deployment's own that copied the example's secret is refused for it.
 */
@Component
public final class DevelopmentClientSecretGuard implements InitializingBean {

	/** Public knowledge (it is in the repository): never a production secret. */
	static final String DEVELOPMENT_SECRET = "gatehouse-dev-gateway-secret";

	/** The {@code gateway-browser} client's development secret (the gateway's browser mode), public knowledge too. */
	static final String BROWSER_DEVELOPMENT_SECRET = "gatehouse-dev-gateway-browser-secret";

	/** The example {@code server-app} client's development secret, public knowledge too. */
	static final String SERVER_APP_DEVELOPMENT_SECRET = "gatehouse-dev-server-app-secret";

	private final ClientsProperties clients;

	private final RuntimeMode mode;

	private static final PasswordEncoder ENCODER = PasswordEncoderFactories.createDelegatingPasswordEncoder();

	DevelopmentClientSecretGuard(ClientsProperties clients, RuntimeMode mode) {
		this.clients = clients;
		this.mode = mode;
	}

	@Override
	public void afterPropertiesSet() {
		if (!this.mode.isProduction()) {
			return;
		}
		this.clients.clients().forEach((id, policy) -> {
			StartupRefusal refusal = refusalFor(id, policy);
			if (refusal != null) {
				throw refusal;
			}
		});
	}

	/**
	 * Why production mode refuses client {@code id} for a development secret, or {@code null} when it
	 * does not: a public client has no secret, and an example client is not registered in production
	 * (ClientRegistry), so its secret admits no one.
	 */
	public static StartupRefusal refusalFor(String id, ClientPolicy policy) {
		if (!policy.isConfidential() || policy.example()) {
			return null;
		}
		if (ENCODER.matches(DEVELOPMENT_SECRET, policy.secretHash())) {
			return new StartupRefusal("Client '" + id + "' uses the development secret in production mode.",
					"Set GATEHOUSE_GATEWAY_CLIENT_SECRET_HASH (gatehouse.clients." + id + ".secret-hash) to the "
							+ "{bcrypt} or {argon2} hash of a random secret (java -jar token-service.jar "
							+ "hash-secret prints one), and give the gateway that secret "
							+ "(GATEHOUSE_GATEWAY_CLIENT_SECRET).");
		}
		if (ENCODER.matches(BROWSER_DEVELOPMENT_SECRET, policy.secretHash())) {
			return new StartupRefusal("Client '" + id + "' uses the development secret of the gateway's browser mode "
					+ "in production mode.", "Set GATEHOUSE_GATEWAY_BROWSER_CLIENT_SECRET_HASH (gatehouse.clients." + id
							+ ".secret-hash) to the {bcrypt} or {argon2} hash of a random secret (java -jar "
							+ "token-service.jar hash-secret prints one), and give the gateway that secret "
							+ "(GATEHOUSE_GATEWAY_BROWSER_CLIENT_SECRET).");
		}
		if (ENCODER.matches(SERVER_APP_DEVELOPMENT_SECRET, policy.secretHash())) {
			return new StartupRefusal("Client '" + id + "' uses the example server app's development secret in "
					+ "production mode.", "Set GATEHOUSE_SERVER_APP_CLIENT_SECRET_HASH (gatehouse.clients." + id
							+ ".secret-hash) to the {bcrypt} or {argon2} hash of a random secret (java -jar "
							+ "token-service.jar hash-secret prints one) and give your server app that secret.");
		}
		return null;
	}

}
