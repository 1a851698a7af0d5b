package io.gatehouse.demo.page;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo page as the gateway fetches it from the demo app: the folder answers
 * {@code index.html}, its script and stylesheet are served, every answer carries the strict
 * policy, and the page itself has no inline script or style for that policy to refuse.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
class DemoPageIntegrationTests {

	@Autowired
	WebTestClient client;

	@Test
	void getWhenAppFolderThenIndexPageWithStrictPolicyAndNoInlineCode() {
		String page = this.client.get()
			.uri("/app/")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.TEXT_HTML)
			.expectHeader()
			.valueEquals("Content-Security-Policy", DemoPageHeadersFilter.CONTENT_SECURITY_POLICY)
			.expectHeader()
			.valueEquals("X-Content-Type-Options", "nosniff")
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();

		assertThat(page).contains("<script src=\"/app/app.js\" defer></script>", "href=\"/app/app.css\"",
				"href=\"/login?return_to=%2Fapp%2F\"");
		assertThat(page).doesNotContainPattern("<script>|<script(?![^>]*src=)[^>]*>|<style|\\sstyle=|\\son[a-z]+=");
	}

	@Test
	void getWhenScriptAndStylesheetThenServedWithTheirTypesAndPolicy() {
		this.client.get()
			.uri("/app/app.js")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentTypeCompatibleWith("text/javascript")
			.expectHeader()
			.exists("Content-Security-Policy");
		this.client.get()
			.uri("/app/app.css")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentTypeCompatibleWith("text/css");
	}

	@Test
	void getWhenAppWithoutSlashThenPermanentRedirectToFolder() {
		this.client.get()
			.uri("/app")
			.exchange()
			.expectStatus()
			.isPermanentRedirect()
			.expectHeader()
			.location("/app/");
	}

	@Test
	void getWhenApiThenIdentityEchoUnchanged() {
		this.client.get()
			.uri("/api/hello")
			.header("X-Auth-Subject", "user-1")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.path")
			.isEqualTo("/api/hello")
			.jsonPath("$.subject")
			.isEqualTo("user-1");
	}

}
