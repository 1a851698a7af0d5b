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
 * routes in hybrid mode. Authenticated as a confidential client ({@code client_secret_basic}),
 * before the cursor is even read (a malformed one is then {@code 400 invalid_request}).
 * The gateway resumes with {@code Last-Event-ID} (or {@code ?after=}) set to the last event id it
 * received, {@code "<store incarnation>.<cursor>"} (a plain number from an older gateway is read as a
 * cursor of the current incarnation); it receives every
 * revocation after that position whose tokens may still be valid, as {@code revocations} events of
 * {@code {"revocations":[{"sid","reason","revoked_at","valid_until"},…]}} (one per page, the id
 * being the position to resume from without loss), then one {@code caught-up} event
 * ({@code {"incarnation","cursor"}}), then new
 * revocations as they happen, with a comment heartbeat (also while the backlog is being read).
 * A gateway may describe itself in {@code Gatehouse-Follower} ({@code instance=<id>; limits=memory|redis}):
 * {@link FeedFollowers} counts it while its feed is open, for the configuration doctor.
 * The feed and introspection are for gateways, reached directly: the gateway does not route them.
 */
@RestController
class RevocationFeedController {

	private final ClientAuthenticator clients;

	private final SessionRevocationFeed feed;

	private final RevocationFeedProperties properties;

	private final FeedFollowers followers;

	RevocationFeedController(ClientAuthenticator clients, SessionRevocationFeed feed,
			RevocationFeedProperties properties, FeedFollowers followers) {
		this.clients = clients;
		this.feed = feed;
		this.properties = properties;
		this.followers = followers;
	}

	@GetMapping(path = "/oauth2/revocations", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	Flux<ServerSentEvent<Object>> revocations(ServerWebExchange exchange,
			@RequestHeader(name = "Last-Event-ID", required = false) String lastEventId,
			@RequestParam(name = "after", required = false) String after,
			@RequestHeader(name = FeedFollowers.HEADER, required = false) String follower) {
		// The caller first: who is not a confidential client learns nothing of the cursor's syntax.
		return this.clients.authenticate(exchange.getRequest(), null)
			.filter((client) -> client.policy().isConfidential())
			.switchIfEmpty(Mono.error(OAuthError.invalidClientBasic("the feed is for confidential clients").exception()))
			.flatMapMany((client) -> followed(stream(positionOf((lastEventId != null) ? lastEventId : after), client.id()),
					follower, client.id()));
	}

	/**
	 * The gateway that said who it is ({@link FeedFollowers#HEADER}) is counted while its feed is open,
	 * under the client it authenticated as ({@code gateway/<instance>}): a client can only speak for its
	 * own followers, and the doctor's sentence names it.
	 */
	private Flux<ServerSentEvent<Object>> followed(Flux<ServerSentEvent<Object>> events, String header, String clientId) {
		return FeedFollowers.Report.parse(header)
			.map((said) -> new FeedFollowers.Report(clientId + "/" + said.instance(), said.limits(),
					said.browserSessionClient()))
			.map((report) -> Flux.defer(() -> {
			boolean held = this.followers.opened(report);
			return held ? events.doFinally((signal) -> this.followers.closed(report.instance())) : events;
		})).orElse(events);
	}

	private Flux<ServerSentEvent<Object>> stream(FeedPosition from, String reader) {
		Flux<ServerSentEvent<Object>> heartbeat = Flux.interval(this.properties.heartbeatInterval())
			.map((tick) -> ServerSentEvent.builder().comment("heartbeat").build());
		// On shutdown the stream ends at once, so graceful shutdown does not wait on it and the gateway
		// reconnects (to another replica) from its cursor.
		// A feed the poller ends on purpose (too slow, or its store incarnation replaced) ends the response
		// normally: the gateway reconnects either way, and the server logs no error for it.
		return Flux.merge(this.feed.after(from, reader).map(RevocationFeedController::event), heartbeat)
			.onErrorResume(RevocationPoller.FeedEndedException.class, (ended) -> Flux.empty())
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
				.id(event.eventId())
				.data((Object) Map.of("incarnation", event.incarnation(), "cursor", event.cursor()))
				.build();
		}
		return ServerSentEvent.builder()
			.event("revocations")
			.id(event.eventId())
			.data((Object) Map.of("revocations", event.revocations()))
			.build();
	}

	private static FeedPosition positionOf(String value) {
		try {
			return FeedPosition.parse(value);
		}
		catch (IllegalArgumentException ex) {
			throw OAuthError.invalidRequest(ex.getMessage()).exception();
		}
	}

}
