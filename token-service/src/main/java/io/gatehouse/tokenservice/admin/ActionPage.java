package io.gatehouse.tokenservice.admin;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One page of {@code GET /admin/actions}, newest first.
 *
 * @param actions the administrator actions of this page
 * @param nextCursor the cursor of the next (older) page; absent on the last page
 */
public record ActionPage(List<AdminAction> actions,
		@JsonProperty("next_cursor") @JsonInclude(JsonInclude.Include.NON_NULL) String nextCursor) {
}
