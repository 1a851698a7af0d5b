package io.gatehouse.tokenservice.web;

/** Carries an {@link OAuthError} through a reactive chain to {@link OAuthErrorWebExceptionHandler}. */
public final class OAuthErrorException extends RuntimeException {

	private final transient OAuthError error;

	public OAuthErrorException(OAuthError error) {
		super(error.error() + ": " + error.description(), null, false, false);
		this.error = error;
	}

	public OAuthError error() {
		return this.error;
	}

}
