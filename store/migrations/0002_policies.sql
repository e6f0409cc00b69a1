-- Rules the law sets or leaves open, kept as dated configuration: the value in force at an
-- instant is the row with the latest valid_from not after it.
CREATE TABLE policies (
    name       TEXT NOT NULL,
    valid_from BIGINT NOT NULL,
    value      TEXT NOT NULL,
    set_at     BIGINT NOT NULL,
    PRIMARY KEY (name, valid_from)
);
