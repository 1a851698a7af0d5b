package io.gatehouse.tokenservice.client;

/**
 * A client id with its policy.
 *
 * @param id the {@code client_id}
 * @param policy what the client's sessions and tokens are allowed
 */
public record RegisteredClient(String id, ClientPolicy policy) {

	/** The name the login page shows: {@code display-name}, or the id when none is set. */
	public String displayName() {
		String name = this.policy.displayName();
		return (name != null && !name.isBlank()) ? name : this.id;
	}

}
