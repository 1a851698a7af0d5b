package io.gatehouse.gateway.support;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.netty.handler.codec.http.HttpHeaders;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * A real upstream app on a loopback port that records every request it receives. It answers
 * {@code {"ok":true}}; a request carrying {@value #ANSWER_CACHE_CONTROL} gets that header's value as
 * its answer's {@code Cache-Control}.
 */
public final class RecordingUpstream implements AutoCloseable {

	/** The request header whose value the upstream answers as {@code Cache-Control}. */
	public static final String ANSWER_CACHE_CONTROL = "X-Test-Answer-Cache-Control";

	private final List<Received> received = new CopyOnWriteArrayList<>();

	private final DisposableServer server;

	public RecordingUpstream() {
		this.server = HttpServer.create().host("127.0.0.1").port(0).handle((request, response) -> {
			this.received.add(new Received(request.uri(), request.requestHeaders().copy()));
			String cacheControl = request.requestHeaders().get(ANSWER_CACHE_CONTROL);
			if (cacheControl != null) {
				response.header("cache-control", cacheControl);
			}
			return response.header("content-type", "application/json").sendString(Mono.just("{\"ok\":true}"));
		}).bindNow();
	}

	public String url() {
		return "http://127.0.0.1:" + this.server.port();
	}

	public List<Received> received() {
		return this.received;
	}

	public void clear() {
		this.received.clear();
	}

	@Override
	public void close() {
		this.server.disposeNow();
	}

	/**
	 * One request as the upstream saw it.
	 *
	 * @param uri the request URI
	 * @param headers its headers
	 */
	public record Received(String uri, HttpHeaders headers) {
	}

}
