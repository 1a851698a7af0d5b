package io.gatehouse.tokenservice.client;

/**
 * RFC 6749 §2.1 client types: a {@code confidential} client authenticates with a secret, a
 * {@code public} one (SPA, native app) cannot keep one and is identified by its {@code client_id}.
 */
public enum ClientType {

	/** No secret; PKCE is what binds its codes to it. */
	PUBLIC,

	/** Authenticates with {@code client_secret_basic} or {@code client_secret_post}. */
	CONFIDENTIAL

}
