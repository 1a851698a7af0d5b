-- PostgreSQL only (location db/{vendor}): the embedded H2 store has no data-modifying CTEs and takes the
-- transactional path for every refresh.
--
-- Rotates every current refresh token among the given requests in one statement: for each request whose token
-- is the current one of a live, unexpired session of the same client, the session moves on one generation, the
-- successor hash is stored and a `refreshed` event appended. Returns the rotated sessions with the position
-- (ord) of their request; a request without a row needs the full decision. A session is updated at most once
-- per call, so of two requests for one session one rotates and the other gets no row.
--
-- Every table is reached through its primary key with `= any(array)`, for the tokens, sessions and users of
-- this call only, and the function keeps the planner off sequential scans, hash and merge joins. Any join
-- order of the few rows left is then cheap, whatever the statistics say and however old a cached plan is.
-- Written as a plain join, a planner that believes `sessions` is small (never analysed, or analysed while
-- small) scans the whole table, dead row versions included, at every call, and a cached generic plan keeps
-- doing so as the table grows.
create function rotate_refresh_tokens(p_ord int4[], p_hash varchar[], p_successor varchar[], p_client_id varchar[],
        p_ip varchar[], p_at timestamptz[], p_idle timestamptz[])
    returns table (id uuid, user_id uuid, client_id varchar, scope varchar, created_at timestamptz,
        last_refreshed_at timestamptz, idle_expires_at timestamptz, absolute_expires_at timestamptz,
        generation integer, user_agent varchar, ip_address varchar, ended_at timestamptz, end_reason varchar,
        username varchar, roles varchar, ord integer)
    language plpgsql
    set enable_seqscan = off
    set enable_hashjoin = off
    set enable_mergejoin = off
as $$
#variable_conflict use_column
begin
    return query
    with input as (
        select * from unnest(p_ord, p_hash, p_successor, p_client_id, p_ip, p_at, p_idle)
            as i(ord, hash, successor, client_id, ip, at, idle)),
    presented as (
        select i.*, t.session_id, t.generation as token_generation
        from refresh_tokens t join input i on i.hash = t.token_hash
        where t.token_hash = any(p_hash)),
    advanced as (
        update sessions s set generation = s.generation + 1, last_refreshed_at = p.at,
            idle_expires_at = least(p.idle, s.absolute_expires_at)
        from presented p
        where s.id = any(array(select session_id from presented))
            and s.id = p.session_id and s.generation = p.token_generation
            and s.ended_at is null and s.client_id = p.client_id
            and s.idle_expires_at > p.at and s.absolute_expires_at > p.at
        returning s.*, p.ord as request_ord, p.successor, p.ip as event_ip, p.at as event_at),
    successor as (
        insert into refresh_tokens (token_hash, session_id, generation, issued_at)
        select a.successor, a.id, a.generation, a.event_at from advanced a),
    event as (
        insert into session_events (occurred_at, session_id, user_id, client_id, ip_address, reason, detail)
        select a.event_at, a.id, a.user_id, a.client_id, nullif(a.event_ip, ''), 'refreshed', null from advanced a)
    select a.id, a.user_id, a.client_id, a.scope, a.created_at, a.last_refreshed_at, a.idle_expires_at,
        a.absolute_expires_at, a.generation, a.user_agent, a.ip_address, a.ended_at, a.end_reason,
        u.username, u.roles, a.request_ord
    from advanced a join users u on u.id = a.user_id
    where u.id = any(array(select user_id from advanced));
end
$$;
