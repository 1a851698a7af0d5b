package io.gatehouse.gateway.browser;

import java.time.Duration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@code gatehouse_gateway_browser_signouts_total{reason}}: the cookie sessions this replica saw
 * end, by the token service's end reason — a refresh refused with {@code invalid_grant}
 * ({@code expired_idle}, {@code revoked_admin}, …, or {@code cookie_too_large} for tokens no cookie
 * could hold), and a {@code POST /logout} that revoked the session ({@code revoked_logout}).
 * Invariant: a refresh token adds at most one here per {@link #REMEMBERED} on this replica, however
 * often its cookie returns — to {@code POST /logout} or as refused refreshes after each
 * {@code refresh-reuse} — and only a cookie whose access token this gateway's token service signed
 * is counted, so neither a replayed nor a made-up cookie moves the figures (the remembered tokens are
 * bounded at {@link #CAPACITY}). The token service's {@code gatehouse_sessions_ended_total} is the
 * count of ends, once per session; this is what browsers met, per replica. Every known reason's
 * series exists from startup.
 */
final class BrowserSignOuts {

	static final String NAME = "gatehouse.gateway.browser.signouts";

	/** How long a counted refresh token is remembered. */
	static final Duration REMEMBERED = Duration.ofHours(1);

	static final int CAPACITY = 100_000;

	private final MeterRegistry meters;

	private final Cache<String, Boolean> counted = Caffeine.newBuilder()
		.maximumSize(CAPACITY)
		.expireAfterWrite(REMEMBERED)
		.build();

	BrowserSignOuts(MeterRegistry meters) {
		this.meters = meters;
		EndReasons.sessionEnds().forEach(this::counter);
	}

	/** The session of {@code refreshToken} was met signed out for {@code reason}: counted unless it already was. */
	void seen(String refreshToken, String reason) {
		if (this.counted.asMap().putIfAbsent(refreshToken, Boolean.TRUE) == null) {
			counter(reason).increment();
		}
	}

	private Counter counter(String reason) {
		return Counter.builder(NAME)
			.description("Cookie sessions seen ending at this gateway, by end reason")
			.tag("reason", reason)
			.register(this.meters);
	}

}
