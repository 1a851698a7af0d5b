package io.gatehouse.tokenservice.signing;

import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import io.gatehouse.tokenservice.config.GatehouseProperties;
import io.gatehouse.tokenservice.support.GatewayTokenVerifier;
import io.gatehouse.tokenservice.support.TokenServiceIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Key rotation with a moving clock, on PostgreSQL and on the embedded store (defaults: a key signs
 * for 30 days, its successor is published 15 minutes ahead). The {@code mobile} client's access
 * tokens live 1 hour here, so the longest lifetime is not the {@code web} client's 15 minutes: a
 * retired key must stay published for that hour plus the 1 minute clock-skew allowance.
 * Each test starts from whatever key signs now, so the tests run in any order.
 */
@TestPropertySource(properties = "gatehouse.clients.mobile.access-token-ttl=1h")
abstract class SigningKeyRotationContract extends TokenServiceIntegrationTest {

	private static final Duration LONGEST_ACCESS_TOKEN_TTL = Duration.ofHours(1);

	private static final Duration CLOCK_SKEW_ALLOWANCE = Duration.ofMinutes(1);


	private static final Duration BEARER_CLOCK_SKEW = Duration.ofSeconds(30);

	private static final Duration ONE_MILLI = Duration.ofMillis(1);

	@Autowired
	SigningKeys keys;

	@Autowired
	SigningProperties properties;

	@Autowired
	GatehouseProperties gatehouse;

	@BeforeEach
	void loadKeys() {
		this.keys.refresh().block();
	}

	@Test
	void refreshWhenRotationDueThenNextKeyPublishedAheadAndSignsOnlyFromItsActivation() {
		String current = signingKid();
		Instant activation = this.keys.active().activatesAt().plus(this.properties.rotationInterval());
		advanceTo(activation.minus(this.properties.publishAhead()).minus(ONE_MILLI));
		this.keys.refresh().block();
		assertThat(publishedKids()).containsExactly(current);

		this.clock.advance(ONE_MILLI);
		this.keys.refresh().block();
		String next = newKeyIn(publishedKids(), current);
		assertThat(signingKid()).isEqualTo(current);

		advanceTo(activation.minus(ONE_MILLI));
		this.keys.refresh().block();
		assertThat(signingKid()).isEqualTo(current);
		assertThat(publishedKids()).containsExactlyInAnyOrder(current, next);

		this.clock.advance(ONE_MILLI);
		assertThat(signingKid()).isEqualTo(next);
		assertThat(publishedKids()).containsExactlyInAnyOrder(current, next);
		assertThat(this.properties.publishAhead()).isGreaterThan(this.properties.jwksCacheMaxAge());
	}

	@Test
	void refreshWhenRotationOverdueThenNextKeyStillPublishedAheadBeforeSigning() {
		String current = signingKid();
		Instant due = this.keys.active().activatesAt().plus(this.properties.rotationInterval());
		advanceTo(due.plus(Duration.ofDays(3)));
		assertThat(signingKid()).isEqualTo(current);

		this.keys.refresh().block();
		String next = newKeyIn(publishedKids(), current);
		Instant announced = this.clock.instant();
		assertThat(signingKid()).isEqualTo(current);

		advanceTo(announced.plus(this.properties.publishAhead()).minus(ONE_MILLI));
		this.keys.refresh().block();
		assertThat(signingKid()).isEqualTo(current);
		assertThat(publishedKids()).containsExactlyInAnyOrder(current, next);

		this.clock.advance(ONE_MILLI);
		assertThat(signingKid()).isEqualTo(next);
	}

	@Test
	void retiredKeyWhenTokensItSignedStillLiveThenPublishedUntilLongestTtlPlusSkewThenRemoved() throws Exception {
		String retiring = signingKid();
		Instant activation = this.keys.active().activatesAt().plus(this.properties.rotationInterval());
		advanceTo(activation.minus(this.properties.publishAhead()));
		this.keys.refresh().block();
		String next = newKeyIn(publishedKids(), retiring);

		advanceTo(activation.minus(ONE_MILLI));
		String lastOfRetiring = login(ADMIN, ADMIN_PASSWORD, "mobile").get("access_token").asString();
		assertThat(kid(lastOfRetiring)).isEqualTo(retiring);
		this.clock.advance(ONE_MILLI);
		assertThat(signingKid()).isEqualTo(next);

		Instant expiry = SignedJWT.parse(lastOfRetiring).getJWTClaimsSet().getExpirationTime().toInstant();
		// The last instant this service's bearer endpoints (30 s skew) accept it.
		advanceTo(expiry.plus(BEARER_CLOCK_SKEW).minus(ONE_MILLI));
		this.http.get().uri("/auth/sessions").headers((headers) -> headers.setBearerAuth(lastOfRetiring)).exchange()
			.expectStatus().isOk();
		// The last instant a gateway with nimbus' default 60 s skew still accepts the token.
		advanceTo(expiry.plus(CLOCK_SKEW_ALLOWANCE).minus(ONE_MILLI));
		this.keys.refresh().block();
		JWTClaimsSet stillAccepted = gateway().verify(lastOfRetiring);
		assertThat(stillAccepted.getStringClaim("client_id")).isEqualTo("mobile");

		Instant removal = activation.plus(LONGEST_ACCESS_TOKEN_TTL).plus(CLOCK_SKEW_ALLOWANCE);
		advanceTo(removal.minus(ONE_MILLI));
		assertThat(publishedKids()).containsExactlyInAnyOrder(retiring, next);

		this.clock.advance(ONE_MILLI);
		assertThat(publishedKids()).containsExactly(next);
	}

	private GatewayTokenVerifier gateway() {
		return GatewayTokenVerifier.withJwkSet(jwks(), this.gatehouse.issuerString(), "gatehouse").withClock(this.clock);
	}

	private void advanceTo(Instant instant) {
		Duration step = Duration.between(this.clock.instant(), instant);
		assertThat(step.isNegative()).as("the clock only moves forward").isFalse();
		this.clock.advance(step);
	}

	/** The {@code kid} of a freshly issued access token. */
	private String signingKid() {
		try {
			return kid(login(ADMIN, ADMIN_PASSWORD, "web").get("access_token").asString());
		}
		catch (ParseException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private String jwks() {
		return this.http.get().uri("/oauth2/jwks").exchange().expectStatus().isOk()
			.expectBody(String.class).returnResult().getResponseBody();
	}

	private List<String> publishedKids() {
		try {
			return JWKSet.parse(jwks()).getKeys().stream().map(JWK::getKeyID).toList();
		}
		catch (ParseException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String newKeyIn(List<String> published, String current) {
		assertThat(published).hasSize(2).contains(current);
		return published.stream().filter((kid) -> !kid.equals(current)).findFirst().orElseThrow();
	}

	private static String kid(String token) throws ParseException {
		return SignedJWT.parse(token).getHeader().getKeyID();
	}

}
