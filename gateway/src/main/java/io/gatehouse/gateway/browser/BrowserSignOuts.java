package io.gatehouse.gateway.browser;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@code gatehouse_gateway_browser_signouts_total{reason}}: the cookie sessions this replica saw
 * end, by the token service's end reason — a refresh refused with {@code invalid_grant}
 * ({@code expired_idle}, {@code revoked_admin}, …, or {@code cookie_too_large} for tokens no cookie
 * could hold), and a {@code POST /logout} that revoked the session ({@code revoked_logout}).
 * Invariant: each sign-out a browser meets adds one — a logout once, a refused refresh once per
 * refresh token, not per request: the requests that share a refused refresh ({@link EdgeRefresh})
 * share its count (a cookie replayed after its logout is met again, and counted again). The token
 * service's {@code gatehouse_sessions_ended_total} is the count of ends, once per session; this is
 * what browsers met, per replica. Every known reason's series exists from startup.
 */
final class BrowserSignOuts {

	static final String NAME = "gatehouse.gateway.browser.signouts";

	private final MeterRegistry meters;

	BrowserSignOuts(MeterRegistry meters) {
		this.meters = meters;
		EndReasons.sessionEnds().forEach(this::counter);
	}

	void seen(String reason) {
		counter(reason).increment();
	}

	private Counter counter(String reason) {
		return Counter.builder(NAME)
			.description("Cookie sessions seen ending at this gateway, by end reason")
			.tag("reason", reason)
			.register(this.meters);
	}

}
