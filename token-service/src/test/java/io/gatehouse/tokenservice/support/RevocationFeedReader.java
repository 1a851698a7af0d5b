package io.gatehouse.tokenservice.support;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import reactor.core.publisher.Flux;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Reads the revocation feed ({@code GET /oauth2/revocations}) over HTTP as a gateway does, with the
 * confidential {@code service} client of {@link TokenServiceIntegrationTest}.
 */
public final class RevocationFeedReader {

	private static final ParameterizedTypeReference<ServerSentEvent<Map<String, Object>>> EVENT = new ParameterizedTypeReference<>() {
	};

	private RevocationFeedReader() {
	}

	/** The session ids of the whole backlog from cursor 0, read until the {@code caught-up} event. */
	@SuppressWarnings("unchecked")
	public static Set<String> backlogSids(int port) {
		return WebClient.builder()
			.baseUrl("http://127.0.0.1:" + port)
			.codecs((codecs) -> codecs.defaultCodecs().maxInMemorySize(4 * 1024 * 1024))
			.build()
			.get()
			.uri("/oauth2/revocations")
			.accept(MediaType.TEXT_EVENT_STREAM)
			.headers((headers) -> headers.setBasicAuth("service", TokenServiceIntegrationTest.SERVICE_SECRET))
			.retrieve()
			.bodyToFlux(EVENT)
			.takeUntil((event) -> "caught-up".equals(event.event()))
			.filter((event) -> "revocations".equals(event.event()))
			.concatMap((event) -> Flux.fromIterable((List<Map<String, Object>>) event.data().get("revocations")))
			.map((revocation) -> String.valueOf(revocation.get("sid")))
			.collect(Collectors.toSet())
			.block(Duration.ofSeconds(60));
	}

}
