package io.gatehouse.tokenservice.doctor;

import reactor.core.publisher.Flux;

/**
 * One family of the configuration doctor's checks (clients, store, secrets, URLs, replicas): what
 * the bound settings, and where needed a look at the store, will do to users.
 */
public interface DoctorCheck {

	/** The findings, none when all is well; an error of the check itself is reported by {@link Doctor}. */
	Flux<Finding> findings();

}
