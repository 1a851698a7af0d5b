package io.gatehouse.tokenservice.web;

import java.net.InetSocketAddress;
import java.util.UUID;

import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;

/**
 * Where a request came from, for the audit trail and the session list: the client address (after
 * {@code server.forward-headers-strategy} has applied any trusted forwarding headers) and the
 * {@code User-Agent}, truncated to fit the columns; and, for a request a signed-in person made, who
 * ({@link #by}): the user and the session the request's access token belongs to, recorded on the
 * events it causes (an administrator's id on {@code revoked_admin}, the other device's session on a
 * session ended from the session list).
 *
 * @param ipAddress the client address, or {@code null}
 * @param userAgent the user agent, or {@code null}
 * @param actorUserId the user who acted, or {@code null} when not known or not a person
 * @param actorSessionId the session they acted from, or {@code null}
 */
public record RequestOrigin(String ipAddress, String userAgent, UUID actorUserId, UUID actorSessionId) {

	/** The origin of a background job rather than a request. */
	public static final RequestOrigin SYSTEM = new RequestOrigin(null, null);

	/** An origin without an actor. */
	public RequestOrigin(String ipAddress, String userAgent) {
		this(ipAddress, userAgent, null, null);
	}

	public static RequestOrigin of(ServerWebExchange exchange) {
		InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
		String ip = (remote != null && remote.getAddress() != null) ? remote.getAddress().getHostAddress() : null;
		return new RequestOrigin(truncate(ip, 64), truncate(exchange.getRequest().getHeaders().getFirst(HttpHeaders.USER_AGENT), 512));
	}

	/** This origin, acted on by {@code userId} from their session {@code sessionId}. */
	public RequestOrigin by(UUID userId, UUID sessionId) {
		return new RequestOrigin(this.ipAddress, this.userAgent, userId, sessionId);
	}

	private static String truncate(String value, int max) {
		return (value == null || value.length() <= max) ? value : value.substring(0, max);
	}

}
