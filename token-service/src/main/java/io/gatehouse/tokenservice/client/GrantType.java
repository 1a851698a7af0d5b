package io.gatehouse.tokenservice.client;

/**
 * The ways a client may obtain a session, listed per client in {@code grant-types}
 * ({@code authorization_code}, {@code refresh_token}, {@code password_login}).
 */
public enum GrantType {

	/** RFC 6749 §4.1 with PKCE, as OAuth 2.1 profiles it: the hosted login page. */
	AUTHORIZATION_CODE("authorization_code"),

	/** RFC 6749 §6: rotating the session's refresh token. */
	REFRESH_TOKEN("refresh_token"),

	/** The JSON {@code POST /auth/login}: the first-party shortcut, not the recommended flow. */
	PASSWORD_LOGIN("password_login");

	private final String value;

	GrantType(String value) {
		this.value = value;
	}

	/** The name as written in settings and in {@code grant_type}. */
	public String value() {
		return this.value;
	}

}
