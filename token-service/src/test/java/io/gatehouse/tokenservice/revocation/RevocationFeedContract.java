package io.gatehouse.tokenservice.revocation;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.reactive.function.client.WebClient;

import io.gatehouse.tokenservice.support.TokenServiceIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The revocation feed over real HTTP: backlog, then {@code caught-up}, then live revocations;
 * resuming from a cursor; confidential clients only. And RFC 7662 introspection.
 */
abstract class RevocationFeedContract extends TokenServiceIntegrationTest {

	private static final ParameterizedTypeReference<ServerSentEvent<Map<String, Object>>> EVENT = new ParameterizedTypeReference<>() {
	};

	@LocalServerPort
	int port;

	@Test
	void feedWhenSessionsEndThenBacklogCaughtUpAndLiveRevocationsArrive() {
		String user = createUser("feed");
		JsonNode before = login(user, PASSWORD, "web");
		JsonNode after = login(user, PASSWORD, "web");
		logout(before);

		StepVerifier.create(feed(null).filter((event) -> !"revocation".equals(event.event())
				|| sidOf(event).equals(before.get("session_id").asString())
				|| sidOf(event).equals(after.get("session_id").asString())))
			.assertNext((event) -> {
				assertThat(event.event()).isEqualTo("revocation");
				assertThat(sidOf(event)).isEqualTo(before.get("session_id").asString());
			})
			.assertNext((event) -> assertThat(event.event()).isEqualTo("caught-up"))
			.then(() -> logout(after))
			.assertNext((event) -> {
				assertThat(event.event()).isEqualTo("revocation");
				assertThat(sidOf(event)).isEqualTo(after.get("session_id").asString());
				assertThat(event.data().get("reason")).isEqualTo("revoked_logout");
				assertThat(event.data()).containsKey("valid_until");
			})
			.thenCancel()
			.verify(Duration.ofSeconds(20));
	}

	@Test
	void feedWhenResumedFromCursorThenOnlyLaterRevocations() {
		String user = createUser("resume");
		JsonNode first = login(user, PASSWORD, "web");
		logout(first);
		List<ServerSentEvent<Map<String, Object>>> backlog = feed(null).takeUntil((e) -> "caught-up".equals(e.event()))
			.collectList()
			.block(Duration.ofSeconds(20));
		String cursor = backlog.get(backlog.size() - 1).id();
		JsonNode second = login(user, PASSWORD, "web");
		logout(second);

		List<String> sids = feed(cursor).takeUntil((e) -> "caught-up".equals(e.event()))
			.filter((e) -> "revocation".equals(e.event()))
			.map(RevocationFeedContract::sidOf)
			.collectList()
			.block(Duration.ofSeconds(20));

		assertThat(sids).contains(second.get("session_id").asString()).doesNotContain(first.get("session_id").asString());
	}

	@Test
	void feedWhenPublicClientOrNoCredentialsThenUnauthorized() {
		this.http.get().uri("/oauth2/revocations").accept(MediaType.TEXT_EVENT_STREAM).exchange()
			.expectStatus().isUnauthorized();
		this.http.get().uri("/oauth2/revocations").accept(MediaType.TEXT_EVENT_STREAM)
			.headers((headers) -> headers.setBasicAuth("service", "wrong"))
			.exchange().expectStatus().isUnauthorized();
	}

	@Test
	void introspectWhenSessionLiveThenActiveAndAfterLogoutInactive() {
		String user = createUser("introspect");
		JsonNode login = login(user, PASSWORD, "web");

		introspect(login.get("access_token").asString()).jsonPath("$.active").isEqualTo(true)
			.jsonPath("$.sid").isEqualTo(login.get("session_id").asString())
			.jsonPath("$.client_id").isEqualTo("web");
		logout(login);

		introspect(login.get("access_token").asString()).jsonPath("$.active").isEqualTo(false);
		introspect("garbage").jsonPath("$.active").isEqualTo(false);
		this.http.post().uri("/oauth2/introspect").contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.bodyValue("token=x&client_id=web").exchange().expectStatus().isUnauthorized();
	}

	private org.springframework.test.web.reactive.server.WebTestClient.BodyContentSpec introspect(String token) {
		return this.http.post().uri("/oauth2/introspect")
			.headers((headers) -> headers.setBasicAuth("service", SERVICE_SECRET))
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.bodyValue("token=" + token)
			.exchange()
			.expectStatus().isOk()
			.expectBody();
	}

	private Flux<ServerSentEvent<Map<String, Object>>> feed(String lastEventId) {
		return WebClient.create("http://127.0.0.1:" + this.port)
			.get()
			.uri("/oauth2/revocations")
			.accept(MediaType.TEXT_EVENT_STREAM)
			.headers((headers) -> {
				headers.setBasicAuth("service", SERVICE_SECRET);
				if (lastEventId != null) {
					headers.set("Last-Event-ID", lastEventId);
				}
			})
			.retrieve()
			.bodyToFlux(EVENT)
			.filter((event) -> event.event() != null)
			.concatMap(RevocationFeedContract::eachRevocation);
	}

	/** A page event ({@code revocations}) as one {@code revocation} per entry, each with the page's id. */
	@SuppressWarnings("unchecked")
	private static Flux<ServerSentEvent<Map<String, Object>>> eachRevocation(ServerSentEvent<Map<String, Object>> event) {
		if (!"revocations".equals(event.event())) {
			return Flux.just(event);
		}
		List<Map<String, Object>> page = (List<Map<String, Object>>) event.data().get("revocations");
		assertThat(page).isNotEmpty();
		return Flux.fromIterable(page)
			.map((revocation) -> ServerSentEvent.builder(revocation).event("revocation").id(event.id()).build());
	}

	private void logout(JsonNode login) {
		withToken(this.http.post().uri("/auth/logout"), login).exchange().expectStatus().isNoContent();
	}

	private static String sidOf(ServerSentEvent<Map<String, Object>> event) {
		return (event.data() != null && event.data().get("sid") != null) ? event.data().get("sid").toString() : "";
	}

}
