-- The revocation feed's store identity, one row (id = 1), written by the token service at its first start on
-- this store: incarnation is a random UUID (a replaced store has another one, so a gateway's cursor from the
-- old store is never read as one of this store's ids); id_floor is where the token service last moved the
-- session_revocations id sequence to at startup (its start time in microseconds, never down), so ids are
-- never handed out twice in one incarnation even after the store is restored from an older backup.
create table feed_incarnation (
    id                  integer not null primary key,
    incarnation         varchar(36) not null,
    id_floor            bigint not null,
    constraint feed_incarnation_one_row check (id = 1)
);
