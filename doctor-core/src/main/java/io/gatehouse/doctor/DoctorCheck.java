package io.gatehouse.doctor;

import reactor.core.publisher.Flux;

/**
 * One family of the configuration doctor's checks (in the token service: clients, store, secrets,
 * URLs, replicas; in the gateway: browser mode and its cookies, routes, replicas): what the bound
 * settings, and where needed what the running service sees (the store, the routes, the token
 * service's clock), will do to users.
 */
public interface DoctorCheck {

	/** The findings, none when all is well; an error of the check itself is reported by {@link Doctor}. */
	Flux<Finding> findings();

}
