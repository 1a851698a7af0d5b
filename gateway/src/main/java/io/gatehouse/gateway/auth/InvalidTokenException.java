package io.gatehouse.gateway.auth;

/** A refused token and the reason; carries no stack trace (it is an answer, not a fault). */
public final class InvalidTokenException extends RuntimeException {

	private final InvalidTokenReason reason;

	public InvalidTokenException(InvalidTokenReason reason) {
		super(reason.code(), null, false, false);
		this.reason = reason;
	}

	public InvalidTokenReason reason() {
		return this.reason;
	}

}
