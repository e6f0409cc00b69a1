package signing_test

import (
	"bytes"
	"crypto/x509"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/testdb"
	"github.com/motcua/motcua/pki"
	"github.com/motcua/motcua/signing"
)

var minimalPDF = testdb.PDF

type world struct {
	ca, seal, leader pki.Issued
	roots            *x509.CertPool
}

func newWorld(t *testing.T) world {
	t.Helper()
	now := time.Now()
	ca, err := pki.NewAuthority("CA thử nghiệm motcua", now)
	if err != nil {
		t.Fatal(err)
	}
	seal, err := ca.Issue(pki.Organisation, pki.Holder{Name: "Sở Tư pháp tỉnh Vĩnh Phúc", UnitCode: "000.00.01.H62", Province: "Vĩnh Phúc"}, now, 3)
	if err != nil {
		t.Fatal(err)
	}
	leader, err := ca.Issue(pki.Personal, pki.Holder{Name: "Nguyễn Văn Lãnh", IDNumber: "001088000009", UnitCode: "000.00.01.H62", UnitName: "Sở Tư pháp"}, now, 3)
	if err != nil {
		t.Fatal(err)
	}
	roots := x509.NewCertPool()
	roots.AddCert(ca.Cert)
	return world{ca, seal, leader, roots}
}

func signWith(t *testing.T, doc []byte, who pki.Issued, reason string) []byte {
	t.Helper()
	out, err := signing.Sign(signing.Request{PDF: doc, Signer: who, Name: who.Cert.Subject.CommonName, Reason: reason, Location: "Vĩnh Phúc", At: time.Now()})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(out, doc) {
		t.Fatal("the signed PDF does not keep the original bytes (not an incremental update)")
	}
	return out
}

func TestSignAndVerify(t *testing.T) {
	w := newWorld(t)
	doc := minimalPDF("Ket qua ho so 000.00.01.H62-260302-0001")
	once := signWith(t, doc, w.leader, "Phê duyệt kết quả")
	twice := signWith(t, once, w.seal, "Đóng dấu kết quả hồ sơ 000.00.01.H62-260302-0001")

	rep, err := signing.Verify(twice, w.roots)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Signatures) != 2 || !rep.Unmodified {
		t.Fatalf("report %+v", rep)
	}
	seen := map[string]bool{}
	reasons := map[string]bool{}
	for _, s := range rep.Signatures {
		reasons[s.Reason] = true
		// Vietnamese text survives the signature dictionary, but for characters the PDF
		// library would write as an unescaped ")" (ĩ is U+0129), which lose their marks.
		if s.Location != "Vinh Phúc" {
			t.Errorf("location %q, want \"Vinh Phúc\"", s.Location)
		}
		if !s.Valid() {
			t.Fatalf("signature %q not valid: intact %v chain %v", s.Name, s.Intact, s.Chain)
		}
		seen[pki.SerialHex(s.Cert)] = true
	}
	if !reasons["Phê duyệt kết quả"] || !reasons["Đóng dấu kết quả hồ sơ 000.00.01.H62-260302-0001"] {
		t.Errorf("reasons %v", reasons)
	}
	if !seen[pki.SerialHex(w.seal.Cert)] || !seen[pki.SerialHex(w.leader.Cert)] {
		t.Fatal("the signatures are not the seal's and the leader's")
	}

	t.Run("a changed byte", func(t *testing.T) {
		bad := bytes.Clone(twice)
		i := bytes.Index(bad, []byte("Ket qua"))
		bad[i] = 'X'
		rep, err := signing.Verify(bad, w.roots)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range rep.Signatures {
			if s.Valid() {
				t.Fatalf("signature %q still valid after a changed byte", s.Name)
			}
		}
	})
	t.Run("bytes appended after signing", func(t *testing.T) {
		rep, err := signing.Verify(append(bytes.Clone(twice), []byte("\n1 0 obj\n<< >>\nendobj\n")...), w.roots)
		if err != nil {
			t.Fatal(err)
		}
		if rep.Unmodified {
			t.Fatal("an appended update went unnoticed")
		}
	})
	t.Run("an untrusted authority", func(t *testing.T) {
		other := newWorld(t)
		rep, err := signing.Verify(twice, other.roots)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range rep.Signatures {
			if s.Chain == nil {
				t.Fatal("a certificate from another authority chains to our roots")
			}
		}
	})
	t.Run("not signed", func(t *testing.T) {
		if _, err := signing.Verify(doc, w.roots); err != signing.ErrNotSigned {
			t.Fatalf("unsigned PDF: %v", err)
		}
		if _, err := signing.Verify([]byte("hello"), w.roots); err == nil {
			t.Fatal("not a PDF: no error")
		}
	})
}

// TestPdfsigAcceptsTheSignature checks with a standard verifier: poppler's pdfsig, trusting the
// local authority through an NSS database (so "valid" means the whole chain), says the signature
// is valid and the certificate trusted; one changed byte makes it invalid.
func TestPdfsigAcceptsTheSignature(t *testing.T) {
	for _, tool := range []string{"pdfsig", "certutil"} {
		if _, err := exec.LookPath(tool); err != nil {
			if os.Getenv("CI") == "true" {
				t.Fatalf("%s is missing (apt-get install poppler-utils libnss3-tools)", tool)
			}
			t.Skipf("%s is missing", tool)
		}
	}
	w := newWorld(t)
	dir := t.TempDir()
	nss := "sql:" + filepath.Join(dir, "nss")
	if err := os.Mkdir(filepath.Join(dir, "nss"), 0o700); err != nil {
		t.Fatal(err)
	}
	run := func(name string, args ...string) string {
		out, err := exec.Command(name, args...).CombinedOutput()
		if err != nil && name != "pdfsig" {
			t.Fatalf("%s %v: %v\n%s", name, args, err, out)
		}
		return string(out)
	}
	run("certutil", "-N", "-d", nss, "--empty-password")
	caFile := filepath.Join(dir, "ca.pem")
	if err := os.WriteFile(caFile, []byte(pki.EncodeCerts(w.ca.Cert)), 0o600); err != nil {
		t.Fatal(err)
	}
	run("certutil", "-A", "-d", nss, "-n", "motcua-ca", "-t", "CT,C,C", "-i", caFile)

	// With the visible stamp, as the stamp step signs.
	signed, err := signing.Sign(signing.Request{PDF: minimalPDF("Ket qua"), Signer: w.seal, Name: "Sở Tư pháp", Reason: "Đóng dấu kết quả",
		At: time.Now(), Stamp: &signing.Stamp{Lines: []string{"Sở Tư pháp tỉnh Vĩnh Phúc", "Ký số: 09:30 02/03/2026", "Xác thực: quét mã QR"},
			URL: "http://127.0.0.1:8080/xac-thuc/ABCDEFGH2345"}})
	if err != nil {
		t.Fatal(err)
	}
	if rep, err := signing.Verify(signed, w.roots); err != nil || !rep.Unmodified || !rep.Signatures[0].Valid() {
		t.Fatalf("stamped signature: %v %+v", err, rep)
	}
	if d := os.Getenv("MOTCUA_SLIP_DIR"); d != "" {
		os.WriteFile(filepath.Join(d, "signed-stamp.pdf"), signed, 0o644)
	}
	good := filepath.Join(dir, "good.pdf")
	if err := os.WriteFile(good, signed, 0o600); err != nil {
		t.Fatal(err)
	}
	out := run("pdfsig", "-nssdir", nss, good)
	if !strings.Contains(out, "Signature is Valid") || !strings.Contains(out, "Certificate is Trusted") || !strings.Contains(out, "Total document signed") {
		t.Fatalf("pdfsig on the signed PDF:\n%s", out)
	}
	bad := bytes.Clone(signed)
	bad[bytes.Index(bad, []byte("Ket qua"))] = 'X'
	badFile := filepath.Join(dir, "bad.pdf")
	if err := os.WriteFile(badFile, bad, 0o600); err != nil {
		t.Fatal(err)
	}
	if out := run("pdfsig", "-nssdir", nss, badFile); strings.Contains(out, "Signature is Valid") || !strings.Contains(out, "Signature Validation") {
		t.Fatalf("pdfsig on the tampered PDF:\n%s", out)
	}
}
