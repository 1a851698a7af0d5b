package io.gatehouse.gateway.openapi;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spring Cloud Gateway {@code Path} patterns become OpenAPI path templates: literal segments stay,
 * {@code {name}} and {@code {*name}} become {@code {name}}, {@code **} becomes {@code {path}} and any
 * other wildcard segment {@code {segment}}, numbered when one template needs several.
 */
class RoutePathTemplatesTests {

	@Test
	void templateWhenLiteralThenUnchanged() {
		assertThat(RoutePathTemplates.of("/oauth2/token").template()).isEqualTo("/oauth2/token");
		assertThat(RoutePathTemplates.of("/oauth2/token").parameters()).isEmpty();
	}

	@Test
	void templateWhenDoubleStarThenPathParameter() {
		RoutePathTemplates.Template template = RoutePathTemplates.of("/api/**");
		assertThat(template.template()).isEqualTo("/api/{path}");
		assertThat(template.parameters()).extracting(RoutePathTemplates.Parameter::name).containsExactly("path");
		assertThat(template.parameters().get(0).rest()).isTrue();
		assertThat(RoutePathTemplates.of("/**").template()).isEqualTo("/{path}");
		assertThat(RoutePathTemplates.of("/.well-known/**").template()).isEqualTo("/.well-known/{path}");
	}

	@Test
	void templateWhenVariablesThenKeptByName() {
		RoutePathTemplates.Template template = RoutePathTemplates.of("/orders/{id}/files/{*rest}");
		assertThat(template.template()).isEqualTo("/orders/{id}/files/{rest}");
		assertThat(template.parameters()).extracting(RoutePathTemplates.Parameter::name).containsExactly("id", "rest");
		assertThat(template.parameters()).extracting(RoutePathTemplates.Parameter::rest).containsExactly(false, true);
	}

	@Test
	void templateWhenRegexVariableThenNameOnly() {
		assertThat(RoutePathTemplates.of("/orders/{id:\\d+}").template()).isEqualTo("/orders/{id}");
	}

	@Test
	void templateWhenSingleWildcardsThenNumberedSegments() {
		assertThat(RoutePathTemplates.of("/a/*/b/v?.json").template()).isEqualTo("/a/{segment}/b/{segment2}");
	}

}
