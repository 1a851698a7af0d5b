package io.gatehouse.e2e.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.gatehouse.testsupport.TestPostgres;

/**
 * The real Gatehouse as a client meets it: the token-service jar on PostgreSQL (a fresh schema,
 * dropped on {@link #close()}) and one or more gateway jars in front of it, every process on
 * loopback ports, the first gateway's URL being the issuer (as in development) and the browser
 * mode's public origin (so the {@code gateway-browser} client's redirect URI is that URL +
 * {@code /login/callback}). Further gateway replicas share its configuration, as replicas behind
 * one load balancer do. Clients are the test's own, given as {@code gatehouse.clients.*}
 * properties; the demo app (the {@code demo-upstream} jar) and the test's own upstreams are
 * routed with {@link Builder#demoApp()} and {@link Builder#route}, the token service's account page with
 * {@link Builder#accountPage()}. {@link #admin()} calls the
 * token service's admin API.
 */
public final class Gatehouse implements AutoCloseable {

	private static final String ADMIN = "e2e-admin";

	private static final String ADMIN_PASSWORD = "Harness-" + UUID.randomUUID();

	private static final Duration READY_LIMIT = Duration.ofSeconds(120);

	private final Builder settings;

	private final int tokenServicePort = freePort();

	private final int tokenServiceManagementPort = freePort();

	private final List<Integer> gatewayPorts = new ArrayList<>();

	private final List<Integer> gatewayManagementPorts = new ArrayList<>();

	private final int demoAppPort = freePort();

	private final Path logs;

	private ServiceJar tokenService;

	private GatehouseAdmin admin;

	private final List<ServiceJar> others = new ArrayList<>();

	private Gatehouse(Builder settings) {
		this.settings = settings;
		for (int i = 0; i < settings.gatewayReplicas; i++) {
			this.gatewayPorts.add(freePort());
			this.gatewayManagementPorts.add(freePort());
		}
		try {
			this.logs = Files.createTempDirectory("gatehouse-browser-e2e");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Starts the token service and one gateway in schema {@code schema} with these extra
	 * token-service properties (keys without the leading {@code --}, e.g.
	 * {@code gatehouse.clients.page.redirect-uris[0]}).
	 */
	public static Gatehouse start(String schema, Map<String, String> tokenServiceProperties) {
		return inSchema(schema).tokenService(tokenServiceProperties).start();
	}

	/** A Gatehouse to configure, in schema {@code schema}. */
	public static Builder inSchema(String schema) {
		return new Builder(schema);
	}

	/** The first gateway's URL: the issuer, the browser mode's public origin, and where every client goes. */
	public String issuer() {
		return gatewayUrl(0);
	}

	/** The URL of gateway replica {@code replica} (0 is the issuer). */
	public String gatewayUrl(int replica) {
		return "http://127.0.0.1:" + this.gatewayPorts.get(replica);
	}

	/** The token service's own URL (behind the gateway). */
	public String tokenServiceUrl() {
		return "http://127.0.0.1:" + this.tokenServicePort;
	}

	/** The token service's management port (health, {@code /actuator/prometheus}). */
	public String tokenServiceManagementUrl() {
		return "http://127.0.0.1:" + this.tokenServiceManagementPort;
	}

	/** The management port of gateway replica {@code replica}. */
	public String gatewayManagementUrl(int replica) {
		return "http://127.0.0.1:" + this.gatewayManagementPorts.get(replica);
	}

	/** The token service's admin API, as the bootstrap administrator. */
	public synchronized GatehouseAdmin admin() {
		if (this.admin == null) {
			this.admin = new GatehouseAdmin(tokenServiceUrl(), ADMIN, ADMIN_PASSWORD);
		}
		return this.admin;
	}

	/** Creates a user without roles with a generated strong password, which it returns. */
	public String createUser(String username) {
		return admin().createUser(username);
	}

	/** Creates a user with these roles and a generated strong password, which it returns. */
	public String createUser(String username, List<String> roles) {
		return admin().createUser(username, roles);
	}

	/** The directory that holds every process's log (named in failure messages). */
	public Path logs() {
		return this.logs;
	}

	/** Stops the token service (the gateways keep running and meet a closed port). */
	public void stopTokenService() {
		if (this.tokenService != null) {
			this.tokenService.close();
			this.tokenService = null;
		}
	}

	/** Starts the token service again, on the same ports and schema, and waits until it is ready. */
	public void startTokenService() {
		if (this.tokenService == null) {
			this.tokenService = ServiceJar.start("token-service", tokenServiceArguments(),
					readiness(this.tokenServiceManagementPort), this.logs, READY_LIMIT);
		}
	}

	@Override
	public void close() {
		for (int i = this.others.size() - 1; i >= 0; i--) {
			this.others.get(i).close();
		}
		this.others.clear();
		stopTokenService();
		TestPostgres.execute("drop schema if exists " + this.settings.schema + " cascade");
	}

	private void startProcesses() {
		TestPostgres.execute("drop schema if exists " + this.settings.schema + " cascade");
		TestPostgres.execute("create schema " + this.settings.schema);
		startTokenService();
		if (this.settings.demoApp) {
			this.others.add(ServiceJar.start("demo-upstream",
					List.of("--server.address=127.0.0.1", "--server.port=" + this.demoAppPort),
					URI.create("http://127.0.0.1:" + this.demoAppPort + "/api/ping"), this.logs, READY_LIMIT));
		}
		for (int replica = 0; replica < this.gatewayPorts.size(); replica++) {
			int management = this.gatewayManagementPorts.get(replica);
			this.others.add(ServiceJar.start("gateway", gatewayArguments(replica, management), readiness(management),
					this.logs, READY_LIMIT, "gateway-" + replica));
		}
	}

	private List<String> tokenServiceArguments() {
		Map<String, String> properties = new LinkedHashMap<>();
		properties.put("server.address", "127.0.0.1");
		properties.put("server.port", Integer.toString(this.tokenServicePort));
		properties.put("management.server.address", "127.0.0.1");
		properties.put("management.server.port", Integer.toString(this.tokenServiceManagementPort));
		properties.put("gatehouse.issuer", issuer());
		properties.put("gatehouse.data-dir", this.logs.toString());
		properties.put("gatehouse.bootstrap-admin.username", ADMIN);
		properties.put("gatehouse.bootstrap-admin.password", ADMIN_PASSWORD);
		properties.put("spring.r2dbc.url", TestPostgres.r2dbcUrl(this.settings.schema));
		properties.put("spring.r2dbc.username", TestPostgres.user());
		properties.put("spring.r2dbc.password", TestPostgres.password());
		properties.put("gatehouse.clients.gateway-browser.redirect-uris[0]", issuer() + "/login/callback");
		properties.putAll(this.settings.tokenServiceProperties);
		return arguments(properties);
	}

	private List<String> gatewayArguments(int replica, int management) {
		Map<String, String> properties = new LinkedHashMap<>();
		properties.put("server.address", "127.0.0.1");
		properties.put("server.port", Integer.toString(this.gatewayPorts.get(replica)));
		properties.put("management.server.address", "127.0.0.1");
		properties.put("management.server.port", Integer.toString(management));
		properties.put("gatehouse.gateway.token-service-uri", tokenServiceUrl());
		properties.put("gatehouse.gateway.issuer", issuer());
		properties.put("gatehouse.gateway.jwks-uri", tokenServiceUrl() + "/oauth2/jwks");
		properties.put("gatehouse.gateway.browser.public-origin", issuer());
		List<Route> routes = new ArrayList<>();
		if (this.settings.demoApp) {
			routes.add(new Route("demo-app", "http://127.0.0.1:" + this.demoAppPort, "/app/**", Map.of()));
		}
		if (this.settings.accountPage) {
			routes.add(new Route("account", tokenServiceUrl(), "/account,/account/**",
					Map.of("forward-client-address", "true")));
		}
		routes.addAll(this.settings.routes);
		for (int i = 0; i < routes.size(); i++) {
			routes.get(i).addTo(properties, i);
		}
		properties.putAll(this.settings.gatewayProperties);
		return arguments(properties);
	}

	private static List<String> arguments(Map<String, String> properties) {
		return properties.entrySet().stream().map((entry) -> "--" + entry.getKey() + "=" + entry.getValue()).toList();
	}

	private static URI readiness(int managementPort) {
		return URI.create("http://127.0.0.1:" + managementPort + "/actuator/health/readiness");
	}

	/** A port free now on loopback; the processes are started with it right away. */
	public static int freePort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** What to start: the properties of each process, the gateway replicas and their routes. */
	public static final class Builder {

		private final String schema;

		private final Map<String, String> tokenServiceProperties = new LinkedHashMap<>();

		private final Map<String, String> gatewayProperties = new LinkedHashMap<>();

		private final List<Route> routes = new ArrayList<>();

		private int gatewayReplicas = 1;

		private boolean demoApp;

		private boolean accountPage;

		private Builder(String schema) {
			this.schema = schema;
		}

		/** Extra token-service properties (keys without the leading {@code --}). */
		public Builder tokenService(Map<String, String> properties) {
			this.tokenServiceProperties.putAll(properties);
			return this;
		}

		/** Extra properties of every gateway replica (keys without the leading {@code --}). */
		public Builder gateway(Map<String, String> properties) {
			this.gatewayProperties.putAll(properties);
			return this;
		}

		/** How many gateway processes to start (default 1), all configured alike. */
		public Builder gatewayReplicas(int replicas) {
			this.gatewayReplicas = replicas;
			return this;
		}

		/** Starts the demo app ({@code demo-upstream} jar) and routes {@code /app/**} (protected) to it. */
		public Builder demoApp() {
			this.demoApp = true;
			return this;
		}

		/**
		 * Routes {@code /account/**} to the token service's account page with the client address
		 * forwarded, as the demo route set ({@code application-demo.yml}) does.
		 */
		public Builder accountPage() {
			this.accountPage = true;
			return this;
		}

		/** A gateway route to {@code uri} for {@code pathPattern} with this metadata (e.g. {@code mode: hybrid}). */
		public Builder route(String id, String uri, String pathPattern, Map<String, String> metadata) {
			this.routes.add(new Route(id, uri, pathPattern, metadata));
			return this;
		}

		/** Starts every process, each waited for until ready; stops what started when one fails. */
		public Gatehouse start() {
			Gatehouse gatehouse = new Gatehouse(this);
			try {
				gatehouse.startProcesses();
				return gatehouse;
			}
			catch (RuntimeException ex) {
				gatehouse.close();
				throw ex;
			}
		}

	}

	private record Route(String id, String uri, String pathPattern, Map<String, String> metadata) {

		void addTo(Map<String, String> properties, int index) {
			String prefix = "spring.cloud.gateway.server.webflux.routes[" + index + "].";
			properties.put(prefix + "id", this.id);
			properties.put(prefix + "uri", this.uri);
			properties.put(prefix + "predicates[0]", "Path=" + this.pathPattern);
			this.metadata.forEach((key, value) -> properties.put(prefix + "metadata." + key, value));
		}

	}

}
