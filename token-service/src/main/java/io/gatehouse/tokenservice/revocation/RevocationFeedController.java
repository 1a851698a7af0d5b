package io.gatehouse.tokenservice.revocation;

import java.util.Map;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

import io.gatehouse.tokenservice.client.ClientAuthenticator;
import io.gatehouse.tokenservice.web.OAuthError;

/**
 * {@code GET /oauth2/revocations}: the revocation feed as server-sent events, for gateways running
 * routes in hybrid mode. Authenticated as a confidential client ({@code client_secret_basic}).
 * The gateway resumes with {@code Last-Event-ID} (or {@code ?after=}); it receives every
 * revocation after that cursor whose tokens may still be valid, as {@code revocations} events of
 * {@code {"revocations":[{"sid","reason","revoked_at","valid_until"},…]}} (one per page, the id
 * being the cursor to resume from without loss), then one {@code caught-up} event, then new
 * revocations as they happen, with a comment heartbeat (also while the backlog is being read).
 * The feed and introspection are for gateways, reached directly: the gateway does not route them.
 */
@RestController
class RevocationFeedController {

	private final ClientAuthenticator clients;

	private final SessionRevocationFeed feed;

	private final RevocationFeedProperties properties;

	RevocationFeedController(ClientAuthenticator clients, SessionRevocationFeed feed,
			RevocationFeedProperties properties) {
		this.clients = clients;
		this.feed = feed;
		this.properties = properties;
	}

	@GetMapping(path = "/oauth2/revocations", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	Flux<ServerSentEvent<Object>> revocations(ServerWebExchange exchange,
			@RequestHeader(name = "Last-Event-ID", required = false) String lastEventId,
			@RequestParam(name = "after", required = false) String after) {
		long cursor = cursorOf((lastEventId != null) ? lastEventId : after);
		return this.clients.authenticate(exchange.getRequest(), null)
			.filter((client) -> client.policy().isConfidential())
			.switchIfEmpty(Mono.error(OAuthError.invalidClientBasic("the feed is for confidential clients").exception()))
			.flatMapMany((client) -> stream(cursor));
	}

	private Flux<ServerSentEvent<Object>> stream(long cursor) {
		Flux<ServerSentEvent<Object>> heartbeat = Flux.interval(this.properties.heartbeatInterval())
			.map((tick) -> ServerSentEvent.builder().comment("heartbeat").build());
		// On shutdown the stream ends at once, so graceful shutdown does not wait on it and the gateway
		// reconnects (to another replica) from its cursor.
		return Flux.merge(this.feed.after(cursor).map(RevocationFeedController::event), heartbeat)
			.takeUntilOther(this.feed.stopped());
	}

	/**
	 * One event per page of revocations: a gateway catching up on a million revocations reads a
	 * thousand events, not a million separately flushed ones. Its id is the cursor to resume from.
	 */
	private static ServerSentEvent<Object> event(SessionRevocationFeed.FeedEvent event) {
		if (event.isCaughtUp()) {
			return ServerSentEvent.builder()
				.event("caught-up")
				.id(Long.toString(event.cursor()))
				.data((Object) Map.of("cursor", event.cursor()))
				.build();
		}
		return ServerSentEvent.builder()
			.event("revocations")
			.id(Long.toString(event.cursor()))
			.data((Object) Map.of("revocations", event.revocations()))
			.build();
	}

	private static long cursorOf(String value) {
		if (value == null || value.isBlank()) {
			return 0;
		}
		try {
			return Math.max(0, Long.parseLong(value.trim()));
		}
		catch (NumberFormatException ex) {
			throw OAuthError.invalidRequest("the cursor must be a number").exception();
		}
	}

}
