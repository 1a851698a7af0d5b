package io.gatehouse.tokenservice.accesstoken;

/** An access token that failed verification; the message is the RFC 6750 {@code error_description}. */
public final class InvalidAccessTokenException extends RuntimeException {

	public InvalidAccessTokenException(String reason) {
		super(reason, null, false, false);
	}

}
