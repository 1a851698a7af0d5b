package io.gatehouse.gateway.doctor;

import reactor.core.publisher.Flux;

/**
 * One family of the configuration doctor's checks (browser mode and its cookies, routes, replicas): what
 * the bound settings and the routes, and where needed what the running gateway has seen, will do to users.
 */
public interface DoctorCheck {

	/** The findings, none when all is well; an error of the check itself is reported by {@link Doctor}. */
	Flux<Finding> findings();

}
