package io.gatehouse.tokenservice.doctor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import reactor.core.publisher.Flux;

import io.gatehouse.doctor.DoctorCheck;
import io.gatehouse.doctor.Finding;
import io.gatehouse.tokenservice.client.ClientPolicy;
import io.gatehouse.tokenservice.client.ClientsProperties;
import io.gatehouse.tokenservice.client.GrantType;

import static io.gatehouse.doctor.InWords.duration;

/**
 * Each client's timeouts as its users will live them: an idle timeout shorter than the access
 * token (signed out at the first refresh) or than {@link #IDLE_FLOOR}; an absolute lifetime not
 * longer than the idle timeout (which then never applies); a reuse grace of 0 (two tabs sign each
 * other out) or longer than {@link #LONG_REUSE_GRACE} (theft detected late); an access token living
 * longer than {@link #LONG_ACCESS_TOKEN} (a sign-out reaches stateless routes that late). Example
 * clients are left out in production mode, where they are not registered.
 */
final class ClientChecks implements DoctorCheck {

	/** Below this idle timeout users are signed out while reading a page or filling in a form. */
	static final Duration IDLE_FLOOR = Duration.ofMinutes(5);

	/** A predecessor token usable for longer than this lets a thief replay it without being detected. */
	static final Duration LONG_REUSE_GRACE = Duration.ofMinutes(5);

	/** On stateless routes a sign-out takes effect when the access token expires: beyond this, too late. */
	static final Duration LONG_ACCESS_TOKEN = Duration.ofMinutes(30);

	private final ClientsProperties clients;

	private final boolean production;

	ClientChecks(ClientsProperties clients, boolean production) {
		this.clients = clients;
		this.production = production;
	}

	@Override
	public Flux<Finding> findings() {
		List<Finding> findings = new ArrayList<>();
		new TreeMap<>(this.clients.clients()).forEach((id, policy) -> {
			if (!(policy.example() && this.production)) {
				findings.addAll(check(id, policy));
			}
		});
		return Flux.fromIterable(findings);
	}

	private static List<Finding> check(String id, ClientPolicy policy) {
		List<Finding> findings = new ArrayList<>();
		String prefix = "gatehouse.clients." + id + ".";
		Duration idle = policy.refreshIdleTimeout();
		Duration absolute = policy.refreshAbsoluteLifetime();
		Duration access = policy.accessTokenTtl();
		if (policy.grantTypes().isEmpty()) {
			return findings;
		}
		Map<String, Duration> lifetimes = new LinkedHashMap<>();
		lifetimes.put("access-token-ttl", access);
		lifetimes.put("refresh-idle-timeout", idle);
		lifetimes.put("refresh-absolute-lifetime", absolute);
		lifetimes.forEach((name, value) -> {
			if (value.isZero() || value.isNegative()) {
				findings.add(Finding.error("client.duration-not-positive", "Client `" + id + "` cannot sign anyone in: its "
						+ name + " is " + value + ", and the token service refuses to start until it is greater than 0.",
						prefix + name));
			}
		});
		if (!findings.isEmpty()) {
			return findings;
		}
		if (access.compareTo(LONG_ACCESS_TOKEN) > 0) {
			findings.add(Finding.warning("client.access-token-long", "On stateless gateway routes a user of client `" + id
					+ "` who signs out or is disabled keeps access for up to " + duration(access)
					+ ", the lifetime of the access token.", prefix + "access-token-ttl (at most "
							+ duration(LONG_ACCESS_TOKEN) + ")"));
		}
		if (!policy.allows(GrantType.REFRESH_TOKEN)) {
			return findings;
		}
		if (idle.compareTo(access) < 0) {
			findings.add(Finding.error("client.idle-shorter-than-access-token", "Users of client `" + id
					+ "` are signed out at their first refresh: the session ends after " + duration(idle)
					+ " without a refresh, but the access token lasts " + duration(access)
					+ " and clients refresh only when it runs out.", prefix + "refresh-idle-timeout (longer than "
							+ "access-token-ttl, " + duration(access) + ")"));
		}
		if (idle.compareTo(IDLE_FLOOR) < 0) {
			findings.add(Finding.warning("client.idle-below-floor", "Users of client `" + id + "` are signed out after "
					+ duration(idle) + " without activity, while reading a page or filling in a form.",
					prefix + "refresh-idle-timeout (at least " + duration(IDLE_FLOOR) + ")"));
		}
		if (absolute.compareTo(idle) < 0) {
			findings.add(Finding.error("client.absolute-not-longer-than-idle", "Users of client `" + id
					+ "` are signed out " + duration(absolute) + " after sign-in however active they are: the idle "
					+ "timeout (" + duration(idle) + ") is longer and never applies, and the token service refuses "
					+ "to register the client.", prefix + "refresh-absolute-lifetime (longer than refresh-idle-timeout)"));
		}
		else if (absolute.equals(idle)) {
			findings.add(Finding.warning("client.absolute-not-longer-than-idle", "Users of client `" + id
					+ "` are signed out " + duration(absolute) + " after sign-in however active they are: the idle "
					+ "timeout is as long and never applies.",
					prefix + "refresh-absolute-lifetime (longer than refresh-idle-timeout)"));
		}
		if (policy.reuseGrace().isZero()) {
			findings.add(Finding.warning("client.reuse-grace-zero", "Users of client `" + id + "` who have it open in two "
					+ "tabs, or whose retried refresh lost its answer, are signed out: the second refresh of one token "
					+ "is taken as theft and ends the session.", prefix + "reuse-grace (e.g. 30s)"));
		}
		else if (policy.reuseGrace().compareTo(LONG_REUSE_GRACE) > 0) {
			findings.add(Finding.warning("client.reuse-grace-long", "A stolen refresh token of client `" + id
					+ "` can still be used for " + duration(policy.reuseGrace()) + " after its owner refreshed without "
					+ "ending the session: theft is detected only after that.", prefix + "reuse-grace (at most "
							+ duration(LONG_REUSE_GRACE) + ")"));
		}
		return findings;
	}

}
