package io.gatehouse.gateway.support;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * A real HTTP server on a loopback port standing in for the token service: RFC 8414 metadata, a
 * JWKS the test changes at will, and 401 for anything else (recording the paths it was asked for).
 * It can be stopped and started again on the same port, to simulate an outage.
 */
public final class StubTokenService implements AutoCloseable {

	private final List<JWK> keys = new CopyOnWriteArrayList<>();

	private final AtomicInteger jwksFetches = new AtomicInteger();

	private final List<String> otherRequests = new CopyOnWriteArrayList<>();

	private final int port;

	private volatile DisposableServer server;

	public StubTokenService(JWK... keys) {
		this.keys.addAll(List.of(keys));
		this.server = bind(0);
		this.port = this.server.port();
	}

	public String url() {
		return "http://127.0.0.1:" + this.port;
	}

	public void publish(JWK key) {
		this.keys.add(key.toPublicJWK());
	}

	public int jwksFetches() {
		return this.jwksFetches.get();
	}

	public List<String> otherRequests() {
		return this.otherRequests;
	}

	public synchronized void stop() {
		this.server.disposeNow();
	}

	public synchronized void start() {
		this.server = bind(this.port);
	}

	@Override
	public void close() {
		stop();
	}

	private DisposableServer bind(int port) {
		return HttpServer.create().host("127.0.0.1").port(port).route((routes) -> routes
			.get("/.well-known/oauth-authorization-server", (request, response) -> response.header("content-type", "application/json")
				.sendString(Mono.just("{\"issuer\":\"" + TestTokens.ISSUER + "\",\"jwks_uri\":\"" + url() + "/oauth2/jwks\"}")))
			.get("/oauth2/jwks", (request, response) -> {
				this.jwksFetches.incrementAndGet();
				return response.header("content-type", "application/json")
					.sendString(Mono.just(new JWKSet(this.keys.stream().map(JWK::toPublicJWK).toList()).toString()));
			})
			.route((request) -> true, (request, response) -> {
				this.otherRequests.add(request.method() + " " + request.uri());
				return response.status(401).header("content-type", "application/json")
					.sendString(Mono.just("{\"error\":\"invalid_credentials\"}"));
			})).bindNow();
	}

}
