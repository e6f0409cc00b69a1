-- The code printed (as a QR) on a signed result's visible stamp: /xac-thuc/{code} verifies the
-- very document it was printed on. Signatures made before this migration have none.
ALTER TABLE document_signatures ADD COLUMN verify_code TEXT;
CREATE UNIQUE INDEX document_signatures_code ON document_signatures(verify_code);
