package io.gatehouse.tokenservice.session;

/** How a session began, the {@code method} of {@code gatehouse_sessions_started_total}. */
public enum SignInMethod {

	/** An authorization code exchanged at the token endpoint (the hosted login page, browser mode). */
	CODE("code"),

	/** A first-party password login ({@code POST /auth/login}). */
	PASSWORD("password"),

	/** The session a password change hands back to the device it was changed from. */
	PASSWORD_CHANGE("password_change");

	private final String code;

	SignInMethod(String code) {
		this.code = code;
	}

	public String code() {
		return this.code;
	}

}
