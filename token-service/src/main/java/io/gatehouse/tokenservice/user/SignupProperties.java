package io.gatehouse.tokenservice.user;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Self-signup under {@code gatehouse.signup.*}.
 *
 * @param enabled whether {@code POST /auth/signup} creates accounts; default {@code false}, so
 * only administrators create users
 */
@ConfigurationProperties("gatehouse.signup")
public record SignupProperties(@DefaultValue("false") boolean enabled) {
}
