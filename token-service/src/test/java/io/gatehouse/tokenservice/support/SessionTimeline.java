package io.gatehouse.tokenservice.support;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reads claims out of a token response and events out of a timeline, for assertions. */
public final class SessionTimeline {

	private SessionTimeline() {
	}

	/** A claim of the (already verified elsewhere) access token in a token response. */
	public static String claim(JsonNode tokenResponse, String name) {
		String payload = tokenResponse.get("access_token").asString().split("\\.")[1];
		String json = new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8);
		return JsonMapper.shared().readTree(json).get(name).asString();
	}

	/** The reasons of the events of one session, in order. */
	public static List<String> reasons(JsonNode events, String sessionId) {
		List<String> reasons = new ArrayList<>();
		events.forEach((event) -> {
			if (event.get("session_id").asString().equals(sessionId)) {
				reasons.add(event.get("reason").asString());
			}
		});
		return reasons;
	}

	/** The detail of the last event with {@code reason} in one session. */
	public static String detail(JsonNode events, String sessionId, String reason) {
		String detail = null;
		for (JsonNode event : events) {
			if (event.get("session_id").asString().equals(sessionId) && event.get("reason").asString().equals(reason)) {
				detail = event.has("detail") ? event.get("detail").asString() : null;
			}
		}
		return detail;
	}

}
