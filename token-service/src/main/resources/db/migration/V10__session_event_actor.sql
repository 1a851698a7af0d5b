-- Who caused an event, when it was a person acting from a session: the session the user ended another one from
-- ("signed out from another device"), and the administrator who ended it ("ended by an administrator", and which
-- one, for support). Null for the user's own session, the purge job and the token endpoint.
alter table session_events add column actor_user_id uuid;
alter table session_events add column actor_session_id uuid;
