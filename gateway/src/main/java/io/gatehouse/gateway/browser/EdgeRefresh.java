package io.gatehouse.gateway.browser;

import java.time.Duration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Mono;

/**
 * Refreshes cookie sessions at the edge, once per session per replica. Invariant: for one refresh
 * token, at most one refresh is in flight on this replica, and its outcome — tokens or a refusal —
 * is handed to every request presenting that refresh token for {@code refresh-reuse} after it
 * completed; an {@link TokenOutcome.Unavailable} outcome is forgotten at once, so the next request
 * asks again. The many requests of a page (or of several tabs, which share the cookie) that find the
 * access token expired therefore cost one call to the token service, and none of them presents a
 * consumed refresh token to it; other replicas are covered by the token service's reuse grace. The
 * refresh started by the first request runs to its end even if that request is cancelled, so the
 * rotated token is never lost to a closed tab within {@code refresh-reuse}. Bounded at 100,000
 * sessions. Outcomes are counted in {@code gatehouse.gateway.browser.refresh{outcome}}, refusals also
 * in {@link BrowserSignOuts}.
 */
final class EdgeRefresh {

	private final BrowserTokenClient tokens;

	private final Cache<String, Mono<TokenOutcome>> recent;

	private final MeterRegistry meters;

	private final BrowserSignOuts signOuts;

	EdgeRefresh(BrowserTokenClient tokens, Duration reuse, MeterRegistry meters, BrowserSignOuts signOuts) {
		this.tokens = tokens;
		this.meters = meters;
		this.signOuts = signOuts;
		// Every series from startup, so a dashboard's rate() sees the first refresh too.
		this.meters.counter("gatehouse.gateway.browser.refresh", "outcome", "rotated");
		this.meters.counter("gatehouse.gateway.browser.refresh", "outcome", "unavailable");
		this.recent = Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(reuse).build();
	}

	/** The outcome of refreshing {@code refreshToken}: this replica's one refresh of it, shared. */
	Mono<TokenOutcome> refresh(String refreshToken, BrowserTokenClient.Caller caller) {
		return Mono.defer(() -> {
			Mono<TokenOutcome> shared = this.recent.get(refreshToken, (token) -> prepare(token, caller));
			// Started here, outside the cache's compute, by a subscriber that never cancels: a closed tab
			// must not cancel the rotation the others wait for. Later calls only replay it.
			shared.subscribe();
			return shared;
		});
	}

	/** The tokens that replaced {@code refreshToken} on this replica within the reuse window, if any. */
	TokenSet successorOf(String refreshToken) {
		Mono<TokenOutcome> known = this.recent.getIfPresent(refreshToken);
		if (known == null) {
			return null;
		}
		// Only a completed refresh: cache() has replayed a value once one arrived, without waiting.
		TokenOutcome outcome = known.toFuture().getNow(null);
		return (outcome instanceof TokenOutcome.Granted granted) ? granted.tokens() : null;
	}

	@SuppressWarnings("unchecked")
	private Mono<TokenOutcome> prepare(String refreshToken, BrowserTokenClient.Caller caller) {
		Mono<TokenOutcome>[] self = new Mono[1];
		self[0] = this.tokens.refresh(refreshToken, caller).doOnNext((outcome) -> {
			this.meters.counter("gatehouse.gateway.browser.refresh", "outcome", name(outcome)).increment();
			if (outcome instanceof TokenOutcome.Unavailable) {
				this.recent.asMap().remove(refreshToken, self[0]);
			}
			if (outcome instanceof TokenOutcome.Refused refused) {
				this.signOuts.seen(refreshToken, refused.reason());
			}
		}).cache();
		return self[0];
	}

	private static String name(TokenOutcome outcome) {
		if (outcome instanceof TokenOutcome.Granted) {
			return "rotated";
		}
		return (outcome instanceof TokenOutcome.Refused refused) ? refused.reason() : "unavailable";
	}

}
