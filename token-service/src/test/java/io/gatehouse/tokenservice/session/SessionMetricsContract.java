package io.gatehouse.tokenservice.session;

import java.time.Duration;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import io.gatehouse.tokenservice.support.TokenServiceIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Why sessions begin and end, in metrics: every created session, every end and every refresh
 * outcome is counted once, under its client and reason, whatever repeats after it. The counted
 * actions use the {@code mobile} client (60 s reuse grace, 30 d idle timeout); the admin that
 * creates users signs in through {@code web}, so it never moves the figures read here.
 */
abstract class SessionMetricsContract extends TokenServiceIntegrationTest {

	@Autowired
	MeterRegistry meters;

	@Autowired
	ActiveSessionsGauge activeSessions;

	@Test
	void sessionLifeWhenLoggedInRefreshedAndLoggedOutThenEachStepCountedOnceUnderClientAndReason() {
		String user = createUser("counted");
		double created = created("mobile", "password");
		double rotated = refreshes("mobile", "rotated", "none");
		double grace = refreshes("mobile", "grace", "none");
		double loggedOut = ended("mobile", "revoked_logout");
		double rejected = refreshes("mobile", "rejected", "revoked_logout");

		JsonNode login = login(user, PASSWORD, "mobile");
		String first = login.get("refresh_token").asString();
		JsonNode second = refreshed(first, "mobile");
		refreshed(first, "mobile");
		withToken(this.http.post().uri("/auth/logout"), second).exchange().expectStatus().isNoContent();
		withToken(this.http.post().uri("/auth/logout"), second).exchange();
		refresh(second.get("refresh_token").asString(), "mobile").expectStatus().isBadRequest();

		assertThat(created("mobile", "password")).isEqualTo(created + 1);
		assertThat(refreshes("mobile", "rotated", "none")).isEqualTo(rotated + 1);
		assertThat(refreshes("mobile", "grace", "none")).isEqualTo(grace + 1);
		assertThat(ended("mobile", "revoked_logout")).isEqualTo(loggedOut + 1);
		assertThat(refreshes("mobile", "rejected", "revoked_logout")).isEqualTo(rejected + 1);
	}

	@Test
	void reuseDetectedWhenStolenTokenPresentedTwiceThenSessionEndCountedOnceAndEachRejectionCounted() {
		JsonNode login = login(createUser("stolen"), PASSWORD, "mobile");
		String stolen = login.get("refresh_token").asString();
		refreshed(refreshed(stolen, "mobile").get("refresh_token").asString(), "mobile");
		double ended = ended("mobile", "revoked_reuse_detected");
		double rejected = refreshes("mobile", "rejected", "revoked_reuse_detected");

		refresh(stolen, "mobile").expectStatus().isBadRequest();
		refresh(stolen, "mobile").expectStatus().isBadRequest();

		assertThat(ended("mobile", "revoked_reuse_detected")).isEqualTo(ended + 1);
		assertThat(refreshes("mobile", "rejected", "revoked_reuse_detected")).isEqualTo(rejected + 2);
	}

	@Test
	void logoutEverywhereThenEverySessionCountedOnceUnderItsOwnClient() {
		String user = createUser("everywhere");
		JsonNode phone = login(user, PASSWORD, "mobile");
		login(user, PASSWORD, "mobile");
		login(user, PASSWORD, "web");
		double mobile = ended("mobile", "revoked_logout_all");
		double web = ended("web", "revoked_logout_all");

		withToken(this.http.delete().uri("/auth/sessions"), phone).exchange().expectStatus().is2xxSuccessful();
		withToken(this.http.delete().uri("/auth/sessions"), phone).exchange();

		assertThat(ended("mobile", "revoked_logout_all")).isEqualTo(mobile + 2);
		assertThat(ended("web", "revoked_logout_all")).isEqualTo(web + 1);
	}

	@Test
	void refreshWhenIdleTimeoutPassedThenExpiredIdleCountedOnceHoweverOftenTheTokenReturns() {
		JsonNode login = login(createUser("idle"), PASSWORD, "mobile");
		double ended = ended("mobile", "expired_idle");
		this.clock.advance(Duration.ofDays(30).plusSeconds(1));

		refresh(login.get("refresh_token").asString(), "mobile").expectStatus().isBadRequest();
		refresh(login.get("refresh_token").asString(), "mobile").expectStatus().isBadRequest();

		assertThat(ended("mobile", "expired_idle")).isEqualTo(ended + 1);
	}

	@Test
	void activeSessionsWhenCountedThenLiveSessionsOfEachClientAndEndedOnesGone() {
		String user = createUser("active");
		long before = this.activeSessions.count().block().getOrDefault("mobile", 0L);
		JsonNode phone = login(user, PASSWORD, "mobile");
		login(user, PASSWORD, "mobile");

		Map<String, Long> counted = this.activeSessions.count().block();
		assertThat(counted.get("mobile")).isEqualTo(before + 2);
		assertThat(active("mobile")).isEqualTo(before + 2);

		withToken(this.http.post().uri("/auth/logout"), phone).exchange().expectStatus().isNoContent();
		this.activeSessions.count().block();
		assertThat(active("mobile")).isEqualTo(before + 1);
	}

	@Test
	void everyConfiguredClientThenItsSeriesExistAtStartupSoTheFirstEndShowsInRates() {
		assertThat(this.meters.find(SessionMetrics.ENDED).tag("client", "spa").tag("reason", "revoked_admin").counter())
			.isNotNull();
		assertThat(this.meters.find(SessionMetrics.STARTED).tag("client", "spa").tag("method", "code").counter())
			.isNotNull();
		assertThat(this.meters.find("gatehouse.refresh").tag("client", "spa").tag("outcome", "unavailable").counter())
			.isNotNull();
		assertThat(this.meters.find(ActiveSessionsGauge.NAME).tag("client", "spa").gauge()).isNotNull();
	}

	private double ended(String client, String reason) {
		return count(this.meters.find(SessionMetrics.ENDED).tag("client", client).tag("reason", reason).counter());
	}

	private double created(String client, String method) {
		return count(this.meters.find(SessionMetrics.STARTED).tag("client", client).tag("method", method).counter());
	}

	private double refreshes(String client, String outcome, String reason) {
		return count(this.meters.find("gatehouse.refresh")
			.tag("client", client)
			.tag("outcome", outcome)
			.tag("reason", reason)
			.counter());
	}

	private long active(String client) {
		Gauge gauge = this.meters.find(ActiveSessionsGauge.NAME).tag("client", client).gauge();
		assertThat(gauge).isNotNull();
		return (long) gauge.value();
	}

	private static double count(Counter counter) {
		assertThat(counter).isNotNull();
		return counter.count();
	}

}
