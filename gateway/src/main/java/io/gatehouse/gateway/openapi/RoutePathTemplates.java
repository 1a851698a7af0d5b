package io.gatehouse.gateway.openapi;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns a Spring Cloud Gateway {@code Path} pattern (Spring's {@code PathPattern} syntax) into an
 * OpenAPI path template. Literal segments stay; {@code {name}} and {@code {name:regex}} become
 * {@code {name}}; {@code {*name}} becomes {@code {name}} and {@code **} becomes {@code {path}}, both
 * marked as taking the rest of the path (any number of segments, slashes included, also none); any
 * other segment with a {@code *} or {@code ?} wildcard becomes {@code {segment}} (then
 * {@code {segment2}}, …). OpenAPI has no multi-segment parameter, so the rest-of-path parameters
 * say so in their description, and the original pattern is kept next to the template.
 */
final class RoutePathTemplates {

	private RoutePathTemplates() {
	}

	static Template of(String pattern) {
		List<Parameter> parameters = new ArrayList<>();
		List<String> segments = new ArrayList<>();
		int wildcards = 0;
		for (String segment : (pattern.startsWith("/") ? pattern.substring(1) : pattern).split("/", -1)) {
			if (segment.equals("**")) {
				parameters.add(new Parameter("path", true));
				segments.add("{path}");
			}
			else if (segment.startsWith("{*") && segment.endsWith("}")) {
				String name = segment.substring(2, segment.length() - 1);
				parameters.add(new Parameter(name, true));
				segments.add("{" + name + "}");
			}
			else if (hasWildcard(segment)) {
				wildcards++;
				String name = (wildcards == 1) ? "segment" : "segment" + wildcards;
				parameters.add(new Parameter(name, false));
				segments.add("{" + name + "}");
			}
			else {
				segments.add(variablesByName(segment, parameters));
			}
		}
		return new Template("/" + String.join("/", segments), List.copyOf(parameters));
	}

	/** {@code {id:\d{3}}.json} → {@code {id}.json}, counting braces so a regex may hold its own. */
	private static String variablesByName(String segment, List<Parameter> parameters) {
		StringBuilder out = new StringBuilder();
		int index = 0;
		while (index < segment.length()) {
			char c = segment.charAt(index);
			if (c != '{') {
				out.append(c);
				index++;
				continue;
			}
			int depth = 0;
			int end = index;
			while (end < segment.length()) {
				char d = segment.charAt(end);
				depth += (d == '{') ? 1 : (d == '}') ? -1 : 0;
				if (depth == 0) {
					break;
				}
				end++;
			}
			String variable = segment.substring(index + 1, Math.min(end, segment.length()));
			int colon = variable.indexOf(':');
			String name = (colon >= 0) ? variable.substring(0, colon) : variable;
			parameters.add(new Parameter(name, false));
			out.append('{').append(name).append('}');
			index = end + 1;
		}
		return out.toString();
	}

	private static boolean hasWildcard(String segment) {
		int depth = 0;
		for (int i = 0; i < segment.length(); i++) {
			char c = segment.charAt(i);
			depth += (c == '{') ? 1 : (c == '}') ? -1 : 0;
			if (depth == 0 && (c == '*' || c == '?')) {
				return true;
			}
		}
		return false;
	}

	/** An OpenAPI path template and its path parameters, in order. */
	record Template(String template, List<Parameter> parameters) {
	}

	/** A path parameter; {@code rest} when it takes the rest of the path, slashes included. */
	record Parameter(String name, boolean rest) {
	}

}
