package io.gatehouse.tokenservice.user;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

/**
 * Bean-validation form of {@link PasswordLength}'s maximum for request bodies: at most
 * {@link PasswordLength#MAX} code points. On a field named {@code password} the error reads exactly
 * as the policy's: {@code password must be at most 128 characters}.
 */
@Documented
@Constraint(validatedBy = PasswordMaxLength.Validator.class)
@Target({ ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
public @interface PasswordMaxLength {

	String message() default "must be at most " + PasswordLength.MAX + " characters";

	Class<?>[] groups() default {};

	Class<? extends Payload>[] payload() default {};

	/** Checks {@link PasswordLength#isTooLong}; {@code null} is left to {@code @NotBlank}. */
	final class Validator implements ConstraintValidator<PasswordMaxLength, String> {

		@Override
		public boolean isValid(String value, ConstraintValidatorContext context) {
			return !PasswordLength.isTooLong(value);
		}

	}

}
