package io.gatehouse.gateway.browser;

import java.time.Clock;

import io.micrometer.core.instrument.MeterRegistry;
import org.thymeleaf.ITemplateEngine;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

import io.gatehouse.gateway.auth.AccessTokenValidator;
import io.gatehouse.gateway.auth.SessionCheck;
import io.gatehouse.gateway.clientaddress.ClientAddressResolver;
import io.gatehouse.gateway.config.GatehouseModeProperties;
import io.gatehouse.gateway.config.GatewayProperties;

/**
 * Browser mode ({@code gatehouse.gateway.browser.enabled}, on by default): its endpoints
 * {@code GET /login}, {@code GET /login/callback}, {@code POST /logout} (with {@code everywhere=true}: every
 * session), {@code GET /session} and the account page's {@code POST /account/password} as
 * functional routes, which WebFlux consults before the proxied routes; the cookie sessions the
 * authentication filter accepts on protected routes; and the startup check. The filters that keep the
 * gateway's cookies from upstreams are registered whether or not the mode is on.
 */
@Configuration(proxyBeanMethods = false)
class BrowserConfiguration {

	@Bean
	StripGatewayCookiesHeadersFilter stripGatewayCookiesHeadersFilter() {
		return new StripGatewayCookiesHeadersFilter();
	}

	@Bean
	StripGatewayCookiesFromUpstreamFilter stripGatewayCookiesFromUpstreamFilter() {
		return new StripGatewayCookiesFromUpstreamFilter();
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(name = "gatehouse.gateway.browser.enabled", havingValue = "true", matchIfMissing = true)
	static class BrowserMode {

		@Bean
		BrowserModeStartupCheck browserModeStartupCheck(BrowserProperties properties, GatehouseModeProperties mode) {
			return new BrowserModeStartupCheck(properties, mode);
		}

		@Bean
		BrowserTokenClient browserTokenClient(GatewayProperties gateway, BrowserProperties properties, JsonMapper json) {
			return new BrowserTokenClient(WebClient.builder(), gateway, properties, json);
		}

		@Bean
		BrowserSignOuts browserSignOuts(MeterRegistry meters) {
			return new BrowserSignOuts(meters);
		}

		@Bean
		EdgeRefresh edgeRefresh(BrowserTokenClient tokens, BrowserProperties properties, MeterRegistry meters,
				BrowserSignOuts signOuts) {
			return new EdgeRefresh(tokens, properties.refreshReuse(), meters, signOuts);
		}

		@Bean
		BrowserAnswers browserAnswers(BrowserProperties properties, JsonMapper json, ITemplateEngine pages) {
			return new BrowserAnswers(properties, json, pages);
		}

		@Bean
		CookieSessionAuthentication cookieSessionAuthentication(AccessTokenValidator validator, SessionCheck sessionCheck,
				EdgeRefresh refresh, BrowserAnswers answers, ClientAddressResolver addresses, BrowserProperties properties,
				MeterRegistry meters, Clock clock) {
			return new CookieSessionAuthentication(validator, sessionCheck, refresh, answers, addresses, properties,
					meters, clock);
		}

		@Bean
		@Order(-10)
		RouterFunction<ServerResponse> browserModeRoutes(CookieSessionAuthentication sessions, BrowserTokenClient tokens,
				EdgeRefresh refresh, BrowserAnswers answers, BrowserProperties properties, GatewayProperties gateway,
				JsonMapper json, Clock clock, BrowserSignOuts signOuts) {
			SignInHandler signIn = new SignInHandler(sessions, tokens, properties, gateway.expectedIssuer(), clock);
			SessionOwnerClient owner = new SessionOwnerClient(WebClient.builder(), gateway, properties, json);
			SignOutHandler signOut = new SignOutHandler(sessions, tokens, refresh, answers, properties, owner, signOuts);
			AccountPasswordHandler password = new AccountPasswordHandler(sessions, owner);
			SessionStatusHandler status = new SessionStatusHandler(tokens, refresh, answers, clock);
			MethodNotAllowed notAllowed = new MethodNotAllowed(answers);
			return RouterFunctions.route()
				.GET("/login", signIn::login)
				.GET(BrowserProperties.CALLBACK_PATH, signIn::callback)
				.POST("/logout", signOut::logout)
				.POST(AccountPasswordHandler.PATH, password::change)
				.GET("/session", status::session)
				.route(RequestPredicates.path("/login").or(RequestPredicates.path(BrowserProperties.CALLBACK_PATH))
					.or(RequestPredicates.path("/session")), (request) -> notAllowed.answer(request, "GET"))
				.route(RequestPredicates.path("/logout"), (request) -> notAllowed.answer(request, "POST"))
				.build();
		}

	}

}
