package io.gatehouse.gateway.revocation;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.web.reactive.function.client.WebClient;

import io.gatehouse.gateway.support.Eventually;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The feed client resumes with the service's last event id exactly as sent: since the service's
 * ids name its store incarnation ({@code "<incarnation>.<cursor>"}), a gateway that kept only a
 * number could not tell a cursor of a restored or replaced store from one of the store it read.
 * A plain numeric id (a token service from before incarnations) is sent back as it came too.
 * Against a real SSE server on a loopback port that ends each stream after one page.
 */
class RevocationFeedClientTests {

	@Test
	void resumeWhenServiceSentAnIncarnationAndCursorThenLastEventIdIsThatIdAsSent() {
		String eventId = UUID.randomUUID() + ".1796221423969010";

		assertThat(lastEventIdsAfterTwoStreamsEndingAt(eventId)).startsWith("", eventId);
	}

	@Test
	void resumeWhenServiceSentAPlainNumberThenLastEventIdIsThatNumber() {
		assertThat(lastEventIdsAfterTwoStreamsEndingAt("611")).startsWith("", "611");
	}

	/** The Last-Event-ID of the client's first connections ("" for none) to a service whose streams end after one page. */
	private static List<String> lastEventIdsAfterTwoStreamsEndingAt(String eventId) {
		List<String> lastEventIds = new CopyOnWriteArrayList<>();
		UUID sid = UUID.randomUUID();
		String page = "{\"revocations\":[{\"sid\":\"" + sid + "\",\"reason\":\"revoked_logout\",\"revoked_at\":\""
				+ Instant.now() + "\",\"valid_until\":\"" + Instant.now().plusSeconds(900) + "\"}]}";
		DisposableServer service = HttpServer.create().host("127.0.0.1").port(0).route((routes) -> routes
			.get("/oauth2/revocations", (request, response) -> {
				String lastEventId = request.requestHeaders().get("Last-Event-ID");
				lastEventIds.add((lastEventId != null) ? lastEventId : "");
				return response.header("content-type", "text/event-stream")
					.sendString(Mono.just("event: revocations\nid: " + eventId + "\ndata: " + page + "\n\n"
							+ "event: caught-up\nid: " + eventId + "\ndata: {}\n\n"));
			}))
			.bindNow();
		RevokedSessions revoked = new RevokedSessions(Duration.ofSeconds(30));
		RevocationFeedClient client = new RevocationFeedClient(WebClient.builder(),
				URI.create("http://127.0.0.1:" + service.port() + "/oauth2/revocations"), "gateway", "secret",
				new RevocationFeedProperties(true, null, Duration.ofMillis(50), Duration.ofMillis(200),
						Duration.ofSeconds(30), Duration.ofSeconds(10), Duration.ofSeconds(10)),
				revoked, JsonMapper.builder().build(), Clock.systemUTC(), new SimpleMeterRegistry());
		try {
			client.start();
			Eventually.within(Duration.ofSeconds(10), () -> lastEventIds.size() >= 2);

			assertThat(revoked.contains(sid.toString())).isTrue();
			assertThat(client.cursor()).isEqualTo(eventId);
			return List.copyOf(lastEventIds);
		}
		finally {
			client.stop();
			service.disposeNow();
		}
	}

}
