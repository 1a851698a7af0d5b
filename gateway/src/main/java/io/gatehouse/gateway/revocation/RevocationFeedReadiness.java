package io.gatehouse.gateway.revocation;

import reactor.core.publisher.Mono;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;

/**
 * The {@code revocationFeed} indicator of the readiness group. Not ready only while some route is
 * hybrid ({@link HybridRoutes}) and the feed has not caught up since startup; UP with
 * {@code required: false} when the feed is disabled or no route needs it, so a gateway of stateless
 * (or stateful) routes is ready as soon as it has its keys. A hybrid route added by a route refresh
 * starts the feed client here if startup did not.
 */
public final class RevocationFeedReadiness implements ReactiveHealthIndicator {

	private final RevocationFeedClient client;

	private final RevokedSessions revoked;

	private final HybridRoutes hybridRoutes;

	private final boolean enabled;

	public RevocationFeedReadiness(RevocationFeedClient client, RevokedSessions revoked, HybridRoutes hybridRoutes,
			boolean enabled) {
		this.client = client;
		this.revoked = revoked;
		this.hybridRoutes = hybridRoutes;
		this.enabled = enabled;
	}

	@Override
	public Mono<Health> health() {
		if (!this.enabled) {
			return Mono.just(Health.up().withDetail("enabled", false).withDetail("required", false).build());
		}
		return this.hybridRoutes.exist().map(this::feedHealth);
	}

	private Health feedHealth(boolean required) {
		if (!required) {
			return Health.up().withDetail("required", false).withDetail("started", this.client.isStarted()).build();
		}
		this.client.start();
		Health.Builder health = this.client.isCaughtUp() ? Health.up()
				: Health.outOfService().withDetail("reason", "the revocation feed has not caught up yet");
		return health.withDetail("required", true)
			.withDetail("connected", this.client.isConnected())
			.withDetail("cursor", (this.client.cursor() != null) ? this.client.cursor() : "")
			.withDetail("downSeconds", this.client.downFor().toSeconds())
			.withDetail("revokedSessions", this.revoked.size())
			.build();
	}

}
