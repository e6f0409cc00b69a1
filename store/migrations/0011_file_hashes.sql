-- Files' bytes may live outside the database, in a blob store keyed by their SHA-256 (store.SetBlobs,
-- motcua serve --files-dir). Files with the same content share one blob, deleted when no file
-- refers to it any more: counting them by sha256 needs this index. Rows of file_blobs stay and
-- are read as before (no data moves).
CREATE INDEX files_sha256 ON files(sha256);
