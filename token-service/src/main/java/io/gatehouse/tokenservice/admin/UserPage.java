package io.gatehouse.tokenservice.admin;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import io.gatehouse.tokenservice.user.UserView;

/**
 * One page of {@code GET /admin/users}, in username-key order.
 *
 * @param users the users of this page
 * @param nextCursor the cursor of the next page; absent on the last page
 */
public record UserPage(List<UserView> users,
		@JsonProperty("next_cursor") @JsonInclude(JsonInclude.Include.NON_NULL) String nextCursor) {
}
