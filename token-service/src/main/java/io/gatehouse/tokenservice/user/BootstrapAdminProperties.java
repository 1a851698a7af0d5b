package io.gatehouse.tokenservice.user;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The first administrator, as Keycloak's bootstrap admin: from
 * {@code GATEHOUSE_BOOTSTRAP_ADMIN_USERNAME} and {@code GATEHOUSE_BOOTSTRAP_ADMIN_PASSWORD}
 * ({@code gatehouse.bootstrap-admin.*}). Created at startup only if no admin exists yet; unset
 * by default.
 *
 * @param username the admin's user name
 * @param password the admin's password (must pass the password policy)
 */
@ConfigurationProperties("gatehouse.bootstrap-admin")
public record BootstrapAdminProperties(String username, String password) {

	boolean isConfigured() {
		return this.username != null && !this.username.isBlank() && this.password != null && !this.password.isBlank();
	}

}
