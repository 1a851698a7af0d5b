-- The timeline records the User-Agent of the request behind each event (a grace use, a failed password check),
-- so replays of a stolen refresh token from another device are visible. Null where unknown: the purge job, and
-- the `refreshed` events the PostgreSQL one-statement rotation writes.
alter table session_events add column user_agent varchar(512);
