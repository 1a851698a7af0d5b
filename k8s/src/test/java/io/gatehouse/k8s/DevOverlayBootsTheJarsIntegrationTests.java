package io.gatehouse.k8s;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.gatehouse.k8s.support.ContainerEnvironment;
import io.gatehouse.k8s.support.PodProcess;
import io.gatehouse.k8s.support.RenderedOverlay;
import io.gatehouse.testsupport.TestPostgres;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dev overlay's manifests boot the real jars: each Deployment's container (ports, environment with
 * the overlay's generated Secrets and ConfigMaps and {@code $(VAR)} expansion, arguments) started as its
 * jar on loopback, the token service on a fresh PostgreSQL database reached by the R2DBC URL the
 * Deployment assembles from the Cluster's application secret. The cluster's DNS is each process's own
 * {@code /etc/hosts} (see {@link PodProcess}): every Service name and the Cluster's
 * {@code gatehouse-db-rw} on loopback, so the gateway finds the token service through the Service name
 * the manifests give it. Only the database's name, owner
 * and port are the test's (a fresh database in the shared test PostgreSQL, owned by a fresh role with
 * the secret's password); the host, the password and everything else are the overlay's.
 *
 * <p>The services listen on the ports the manifests declare (9000, 9001, 8080, 8091): the test fails
 * saying which is taken when another process holds one.
 */
class DevOverlayBootsTheJarsIntegrationTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private static final String DATABASE = "k8s_boot_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

	private static RenderedOverlay overlay;

	private static PodProcess tokenService;

	private static PodProcess gateway;

	private static boolean databaseCreated;

	@BeforeAll
	static void startTheDeployments() throws IOException {
		overlay = RenderedOverlay.render("overlays/dev");
		PodProcess.requireFreePorts("token-service", overlay.deployment("token-service"));
		PodProcess.requireFreePorts("gateway", overlay.deployment("gateway"));
		JsonNode cluster = overlay.ofKind("Cluster").get(0);
		String appSecret = cluster.at("/spec/bootstrap/initdb/secret/name").asString();
		String password = overlay.secretValue(appSecret, "password");
		TestPostgres.execute("create role " + DATABASE + " login password '" + password.replace("'", "''") + "'");
		TestPostgres.execute("create database " + DATABASE + " owner " + DATABASE);
		databaseCreated = true;
		ContainerEnvironment environment = ContainerEnvironment.in(overlay)
			.withSecretValue(appSecret, "dbname", DATABASE)
			.withSecretValue(appSecret, "username", DATABASE)
			.withSecretValue(appSecret, "port", TestPostgres.port());
		Path logs = Files.createTempDirectory("k8s-boot");
		Path hosts = hostsFile(logs, overlay.secretValue(appSecret, "host"));
		JsonNode tokenServiceDeployment = overlay.deployment("token-service");
		tokenService = PodProcess.start("token-service", tokenServiceDeployment,
				environment.of(tokenServiceDeployment.at("/spec/template/spec/containers/0")), hosts, logs);
		JsonNode gatewayDeployment = overlay.deployment("gateway");
		gateway = PodProcess.start("gateway", gatewayDeployment,
				environment.of(gatewayDeployment.at("/spec/template/spec/containers/0")), hosts, logs);
	}

	@AfterAll
	static void stopTheDeployments() {
		if (gateway != null) {
			gateway.close();
		}
		if (tokenService != null) {
			tokenService.close();
		}
		if (databaseCreated) {
			TestPostgres.execute("drop database if exists " + DATABASE + " with (force)");
			TestPostgres.execute("drop role if exists " + DATABASE);
		}
	}

	@Test
	void probesWhenDevOverlayStartedThenEveryProbePathAndPortOfEveryContainerAnswers200() {
		List<String> answers = new ArrayList<>();
		for (PodProcess pod : List.of(tokenService, gateway)) {
			for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
				JsonNode httpGet = pod.container().path(probe).path("httpGet");
				int port = pod.resolvePort(httpGet.path("port"));
				answers.add(pod.container().path("name").asString() + " " + probe + " :" + port + httpGet.path("path").asString()
						+ " " + PodProcess.statusOf(port, httpGet.path("path").asString()));
			}
		}
		assertThat(answers).hasSize(6).allSatisfy((answer) -> assertThat(answer).endsWith(" 200"));
		assertThat(answers).contains("token-service readinessProbe :9001/actuator/health/readiness 200",
				"gateway readinessProbe :8091/actuator/health/readiness 200");
	}

	@Test
	void servicesWhenDevOverlayStartedThenEachServicePortIsTheContainerPortItNamesAndAnswers() {
		Map<String, Integer> answers = new LinkedHashMap<>();
		for (JsonNode service : overlay.ofKind("Service")) {
			PodProcess pod = podSelectedBy(service);
			for (JsonNode port : service.at("/spec/ports")) {
				int target = pod.resolvePort(port.has("targetPort") ? port.get("targetPort") : port.get("port"));
				assertThat(port.path("port").asInt()).as("Service %s port %s (mapped to loopback) is its pods' port",
						service.at("/metadata/name").asString(), port.path("name").asString()).isEqualTo(target);
				answers.put(service.at("/metadata/name").asString() + ":" + target, PodProcess.statusOf(target, "/"));
			}
		}
		assertThat(answers).containsOnlyKeys("token-service:9000", "token-service-metrics:9001", "gateway:8080", "gateway-metrics:8091")
			.allSatisfy((service, status) -> assertThat(status).as(service).isPositive());
	}

	@Test
	void metricsWhenEachServiceMonitorsEndpointAskedThenPrometheusTextOnTheManagementPort() throws Exception {
		List<String> scraped = new ArrayList<>();
		for (JsonNode monitor : overlay.ofKind("ServiceMonitor")) {
			JsonNode selector = monitor.at("/spec/selector/matchLabels");
			JsonNode service = overlay.ofKind("Service").stream().filter((candidate) -> labelsMatch(selector, candidate.at("/metadata/labels"))).findFirst().orElseThrow();
			PodProcess pod = podSelectedBy(service);
			for (JsonNode endpoint : monitor.at("/spec/endpoints")) {
				JsonNode port = null;
				for (JsonNode candidate : service.at("/spec/ports")) {
					if (candidate.path("name").asString().equals(endpoint.path("port").asString())) {
						port = candidate;
					}
				}
				assertThat(port).as("ServiceMonitor %s port", monitor.at("/metadata/name").asString()).isNotNull();
				int target = pod.resolvePort(port.get("targetPort"));
				HttpResponse<String> answer = get("http://127.0.0.1:" + target + endpoint.path("path").asString());
				assertThat(answer.statusCode()).isEqualTo(200);
				assertThat(answer.body()).contains("jvm_memory_used_bytes");
				scraped.add(monitor.at("/metadata/name").asString() + " :" + target + endpoint.path("path").asString());
			}
		}
		assertThat(scraped).containsExactlyInAnyOrder("token-service :9001/actuator/prometheus", "gateway :8091/actuator/prometheus");
	}

	@Test
	void gatewayWhenReadyThenReachedTheTokenServiceThroughItsServiceName() throws Exception {
		JsonNode gatewayContainer = gateway.container();
		Map<String, String> environment = ContainerEnvironment.in(overlay).of(gatewayContainer);
		URI tokenServiceUri = URI.create(environment.get("GATEHOUSE_GATEWAY_TOKENSERVICEURI"));
		assertThat(tokenServiceUri.getHost()).isEqualTo("token-service");
		assertThat(overlay.named("Service", tokenServiceUri.getHost())).isPresent();
		assertThat(URI.create(environment.get("GATEHOUSE_GATEWAY_JWKSURI")).getHost()).isEqualTo("token-service");
		// Ready means the gateway holds the token service's keys and has caught up on its revocation feed
		// (management.endpoint.health.group.readiness: jwks, revocationFeed), both fetched at that address.
		HttpResponse<String> readiness = get("http://127.0.0.1:" + gateway.port("management") + "/actuator/health/readiness");
		assertThat(readiness.statusCode()).isEqualTo(200);
		assertThat(JSON.readTree(readiness.body()).path("status").asString()).isEqualTo("UP");
		HttpResponse<String> discovery = get("http://127.0.0.1:" + gateway.port("http") + "/.well-known/openid-configuration");
		assertThat(discovery.statusCode()).isEqualTo(200);
		assertThat(JSON.readTree(discovery.body()).path("issuer").asString()).isEqualTo(environment.get("GATEHOUSE_GATEWAY_ISSUER"));
	}

	@Test
	void loginWhenThroughGatewayAsTheDevOverlaysBootstrapAdminThenTheTokenServiceAcceptsTheToken() throws Exception {
		String admin = overlay.ofKind("Secret").stream().map((secret) -> secret.at("/metadata/name").asString())
			.filter((name) -> name.startsWith("gatehouse-bootstrap-admin-")).findFirst().orElseThrow();
		String body = JSON.writeValueAsString(Map.of("username", overlay.secretValue(admin, "username"), "password",
				overlay.secretValue(admin, "password"), "client_id", "web"));
		HttpResponse<String> login = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port("http") + "/auth/login"))
			.header("content-type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.timeout(Duration.ofSeconds(20))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
		String accessToken = JSON.readTree(login.body()).path("access_token").asString();
		HttpResponse<String> sessions = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port("http") + "/auth/sessions"))
			.header("authorization", "Bearer " + accessToken)
			.timeout(Duration.ofSeconds(20))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(sessions.statusCode()).as(sessions.body()).isEqualTo(200);
		assertThat(sessions.body()).contains("\"current\":true");
	}

	@Test
	void browserSignInWhenStartedAtTheGatewayThenTheTokenServiceAcceptsItsClientAndRedirectUri() throws Exception {
		HttpResponse<String> start = get("http://127.0.0.1:" + gateway.port("http") + "/login?return_to=/");
		assertThat(start.statusCode()).isEqualTo(302);
		URI authorize = URI.create(start.headers().firstValue("location").orElseThrow());
		assertThat(authorize.toString()).startsWith("http://localhost:8080/oauth2/authorize?")
			.contains("client_id=gateway-browser", "redirect_uri=http%3A%2F%2Flocalhost%3A8080%2Flogin%2Fcallback");
		// The issuer is the gateway's public origin (http://localhost:8080 in dev, port-forwarded), which
		// routes the authorization request to the token service.
		HttpResponse<String> signIn = get(authorize.toString().replace("http://localhost:8080", "http://127.0.0.1:" + gateway.port("http")));
		assertThat(signIn.statusCode()).as(signIn.body()).isEqualTo(303);
		assertThat(signIn.headers().firstValue("location").orElseThrow()).startsWith("../signin?request=");
	}

	@Test
	void rootFilesystemWhenBothServicesRunThenNeitherWroteOutsideTmp() {
		assertThat(tokenService.wroteOutsideTmp()).as("the token service wrote into its working directory (read-only in the pod)").isFalse();
		assertThat(gateway.wroteOutsideTmp()).as("the gateway wrote into its working directory (read-only in the pod)").isFalse();
	}

	private static PodProcess podSelectedBy(JsonNode service) {
		String app = service.at("/spec/selector").path("app.kubernetes.io/name").asString();
		return switch (app) {
			case "token-service" -> tokenService;
			case "gateway" -> gateway;
			default -> throw new AssertionError("Service " + service.at("/metadata/name").asString() + " selects " + app + ", not started here");
		};
	}

	private static boolean labelsMatch(JsonNode selector, JsonNode labels) {
		for (String key : selector.propertyNames()) {
			if (!selector.path(key).asString().equals(labels.path(key).asString(null))) {
				return false;
			}
		}
		return true;
	}

	private static HttpResponse<String> get(String uri) throws IOException, InterruptedException {
		return HTTP.send(HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
	}

	/**
	 * The cluster's DNS for the processes: this machine's hosts file, then each rendered Service by its
	 * short and namespaced names, and the database host of the application secret (the Cluster's -rw
	 * Service), on loopback or the test PostgreSQL's address.
	 */
	private static Path hostsFile(Path directory, String databaseHost) throws IOException {
		List<String> lines = new ArrayList<>(Files.readAllLines(Path.of("/etc/hosts")));
		for (JsonNode service : overlay.ofKind("Service")) {
			String name = service.at("/metadata/name").asString();
			String namespace = service.at("/metadata/namespace").asString();
			lines.add("127.0.0.1 " + name + " " + name + "." + namespace + " " + name + "." + namespace + ".svc " + name + "." + namespace + ".svc.cluster.local");
		}
		lines.add(addressOf(TestPostgres.host()) + " " + databaseHost);
		try {
			return Files.write(directory.resolve("hosts"), lines);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String addressOf(String host) {
		try {
			return InetAddress.getByName(host).getHostAddress();
		}
		catch (UnknownHostException ex) {
			throw new IllegalStateException("The test PostgreSQL host " + host + " does not resolve", ex);
		}
	}

}
