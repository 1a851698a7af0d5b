package io.gatehouse.tokenservice.client;

/**
 * A client id with its policy.
 *
 * @param id the {@code client_id}
 * @param policy what the client's sessions and tokens are allowed
 */
public record RegisteredClient(String id, ClientPolicy policy) {
}
