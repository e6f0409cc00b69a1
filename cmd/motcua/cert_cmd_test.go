package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/testdb"
	"github.com/motcua/motcua/pki"
	"github.com/motcua/motcua/signing"
	"github.com/motcua/motcua/store"
)

// TestCertificateCommands drives the registry from the command line: issue a seal with the local
// authority, import a real CA's PKCS#12 (its authority becomes trusted), verify a document it
// signed (exit 0), a tampered one and one signed after its certificate was revoked (exit 1).
func TestCertificateCommands(t *testing.T) {
	dir := t.TempDir()
	dsn := "sqlite:" + filepath.Join(dir, "m.db")
	st, err := store.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	testdb.Seed(t, st)
	st.Close()
	t.Setenv("MOTCUA_KEY_SECRET", "cli test key secret, long enough")

	out, err := contractRun(t, "cert", "issue", "--db", dsn, "--kind", "organisation", "--unit", testdb.Dept)
	if err != nil {
		t.Fatalf("issue: %v", err)
	}
	var issued certOut
	if err := json.Unmarshal([]byte(out), &issued); err != nil || issued.Unit != testdb.Dept || !issued.HasKey || issued.Serial == "" {
		t.Fatalf("issue printed %q (%v)", out, err)
	}
	if _, err := contractRun(t, "cert", "issue", "--db", dsn, "--kind", "organisation", "--unit", "999.99.99.H99"); err == nil {
		t.Fatal("issued a seal for an unknown unit")
	}

	// A certificate from a "real" CA, in a PKCS#12 file.
	now := time.Now()
	ca, _ := pki.NewAuthority("CA công cộng thử nghiệm", now)
	seal, _ := ca.Issue(pki.Organisation, pki.Holder{Name: "Sở Tư pháp", UnitCode: testdb.Dept}, now, 2)
	p12, err := pki.EncodePKCS12(seal, "bi-mat")
	if err != nil {
		t.Fatal(err)
	}
	p12File := filepath.Join(dir, "seal.p12")
	os.WriteFile(p12File, p12, 0o600)
	t.Setenv("MOTCUA_P12_PASSWORD", "sai")
	if _, err := contractRun(t, "cert", "import", "--db", dsn, "--kind", "organisation", "--unit", testdb.Dept, "--file", p12File); err == nil {
		t.Fatal("imported with a wrong password")
	}
	t.Setenv("MOTCUA_P12_PASSWORD", "bi-mat")
	if _, err := contractRun(t, "cert", "import", "--db", dsn, "--kind", "organisation", "--unit", testdb.Dept, "--file", p12File); err != nil {
		t.Fatalf("import: %v", err)
	}
	list, _ := contractRun(t, "cert", "list", "--db", dsn)
	if strings.Count(list, "organisation") != 2 || strings.Count(list, "authority") != 2 {
		t.Fatalf("list:\n%s", list)
	}

	signed, err := signing.Sign(signing.Request{PDF: testdb.PDF("Ket qua"), Signer: seal, Name: "Sở Tư pháp", Reason: "Đóng dấu", At: now})
	if err != nil {
		t.Fatal(err)
	}
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		os.WriteFile(p, b, 0o600)
		return p
	}
	good := write("good.pdf", signed)
	out, err = contractRun(t, "verify", "--db", dsn, good)
	if err != nil || !strings.Contains(out, "VALID") || !strings.Contains(out, testdb.Dept) {
		t.Fatalf("verify good: %v\n%s", err, out)
	}
	bad := bytes.Clone(signed)
	bad[bytes.Index(bad, []byte("Ket qua"))] = 'X'
	out, err = contractRun(t, "verify", "--db", dsn, write("bad.pdf", bad))
	var vf verifyFailed
	if !errors.As(err, &vf) || !strings.Contains(out, "INVALID") {
		t.Fatalf("verify tampered: %v\n%s", err, out)
	}
	if _, err := contractRun(t, "cert", "revoke", "--db", dsn, "--serial", pki.SerialHex(seal.Cert), "--reason", "Mất thiết bị ký"); err != nil {
		t.Fatalf("revoke: %v", err)
	}
	out, err = contractRun(t, "verify", "--db", dsn, "--json", good)
	if !errors.As(err, &vf) || !strings.Contains(out, `"Status": "revoked"`) {
		t.Fatalf("verify after revocation: %v\n%s", err, out)
	}
}
