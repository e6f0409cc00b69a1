
-- name: db-size
-- The database's size in bytes (the benchmark reports it).
SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()
