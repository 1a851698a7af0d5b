package io.gatehouse.gateway.auth;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;

import io.gatehouse.gateway.identity.ForwardedIdentity;
import io.gatehouse.gateway.identity.StripIdentityHeadersGlobalFilter;
import io.gatehouse.gateway.routes.RoutePolicies;
import io.gatehouse.gateway.routes.RoutePolicy;

/**
 * Enforces each route's {@link RoutePolicy}: a protected route needs one valid bearer access
 * token or, in browser mode, a cookie session ({@link CookieSessions}; a bearer token wins when both
 * are sent) (401 with the reason otherwise, the upstream never reached), the route's scopes and
 * roles (403 {@code insufficient_scope}), and then the request goes on with its
 * {@link ForwardedIdentity}, which becomes the {@code X-Auth-*} headers upstream. Outcomes are counted in
 * {@code gatehouse.gateway.authentication{outcome,reason}}.
 */
public final class AuthenticationGlobalFilter implements GlobalFilter, Ordered {

	/** Right after the client's identity headers are stripped, before any routing work. */
	public static final int ORDER = StripIdentityHeadersGlobalFilter.ORDER + 10;


	private final AccessTokenValidator validator;

	private final SessionCheck sessionCheck;

	private final BearerAnswers answers;

	private final MeterRegistry meters;

	private final Map<String, Counter> counters = new ConcurrentHashMap<>();

	/** The two outcomes of nearly every request, kept at hand so counting them costs no lookup. */
	private final Counter acceptedValid;

	private final Counter publicRoute;

	private final RoutePolicies policies = new RoutePolicies();

	private final CookieSessions cookieSessions;

	public AuthenticationGlobalFilter(AccessTokenValidator validator, SessionCheck sessionCheck, BearerAnswers answers,
			MeterRegistry meters) {
		this(validator, sessionCheck, answers, meters, CookieSessions.NONE);
	}

	public AuthenticationGlobalFilter(AccessTokenValidator validator, SessionCheck sessionCheck, BearerAnswers answers,
			MeterRegistry meters, CookieSessions cookieSessions) {
		this.cookieSessions = cookieSessions;
		this.validator = validator;
		this.sessionCheck = sessionCheck;
		this.answers = answers;
		this.meters = meters;
		this.acceptedValid = counter("accepted", "valid");
		this.publicRoute = counter("public", "none");
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
		RoutePolicy policy = this.policies.of(route);
		if (policy.isPublic()) {
			this.publicRoute.increment();
			return chain.filter(exchange);
		}
		BearerTokens.Found found = BearerTokens.find(exchange.getRequest());
		if (found instanceof BearerTokens.Found.Invalid invalid) {
			count("rejected", "invalid_request");
			return this.answers.invalidRequest(exchange, invalid.description());
		}
		if (found instanceof BearerTokens.Found.None) {
			if (this.cookieSessions.carriesSession(exchange.getRequest())) {
				return this.cookieSessions.authenticate(exchange, policy)
					.flatMap((session) -> authorize(exchange, chain, policy, session.token(), session.accessToken()));
			}
			count("rejected", "missing");
			Mono<Void> signIn = this.cookieSessions.answerWithoutCredentials(exchange);
			return (signIn != null) ? signIn : this.answers.tokenRequired(exchange);
		}
		String token = ((BearerTokens.Found.Token) found).value();
		ValidatedToken known = this.validator.validNowIfVerified(token);
		if (known != null && this.sessionCheck.clearsAtOnce(token, known, policy)) {
			// The steady state: a token verified before, a session not ended. No operators to assemble.
			return authorize(exchange, chain, policy, known);
		}
		return this.validator.validate(token)
			.flatMap((valid) -> this.sessionCheck.check(token, valid, policy).thenReturn(valid))
			.flatMap((valid) -> authorize(exchange, chain, policy, valid))
			.onErrorResume(InvalidTokenException.class, (ex) -> {
				count("rejected", ex.reason().code());
				return this.answers.invalidToken(exchange, ex.reason());
			})
			.onErrorResume(SessionCheck.UnavailableException.class, (ex) -> {
				count("rejected", "unavailable");
				return this.answers.unavailable(exchange, ex.getMessage());
			});
	}

	private Mono<Void> authorize(ServerWebExchange exchange, GatewayFilterChain chain, RoutePolicy policy,
			ValidatedToken token) {
		return authorize(exchange, chain, policy, token, null);
	}

	private Mono<Void> authorize(ServerWebExchange exchange, GatewayFilterChain chain, RoutePolicy policy,
			ValidatedToken token, String cookieAccessToken) {
		Set<String> missingScopes = missing(policy.requiredScopes(), token.scopes());
		if (!missingScopes.isEmpty()) {
			count("rejected", "insufficient_scope");
			return this.answers.insufficientScope(exchange, String.join(" ", policy.requiredScopes()),
					"missing scope " + String.join(" ", missingScopes));
		}
		Set<String> missingRoles = policy.requiredRoles().isEmpty() ? Set.of()
				: missing(policy.requiredRoles(), Set.copyOf(token.roles()));
		if (!missingRoles.isEmpty()) {
			count("rejected", "insufficient_role");
			return this.answers.insufficientScope(exchange, null, "missing role " + String.join(" ", missingRoles));
		}
		this.acceptedValid.increment();
		exchange.getAttributes().put(ForwardedIdentity.ATTRIBUTE, new ForwardedIdentity(token, policy.forwardAuthorization(), cookieAccessToken));
		return chain.filter(exchange);
	}

	private static Set<String> missing(Set<String> required, Set<String> granted) {
		if (required.isEmpty()) {
			return Set.of();
		}
		return required.stream().filter((item) -> !granted.contains(item)).collect(Collectors.toCollection(java.util.LinkedHashSet::new));
	}

	private void count(String outcome, String reason) {
		// Rejections, looked up once per outcome: building a meter id per request costs more than the validation.
		this.counters.computeIfAbsent(outcome + ' ' + reason, (key) -> counter(outcome, reason)).increment();
	}

	private Counter counter(String outcome, String reason) {
		return this.meters.counter("gatehouse.gateway.authentication", "outcome", outcome, "reason", reason);
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

}
