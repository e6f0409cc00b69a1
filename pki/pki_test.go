package pki_test

import (
	"crypto"
	"crypto/x509"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/pki"
)

func TestIssueAndChain(t *testing.T) {
	now := time.Now()
	ca, err := pki.NewAuthority("CA thử nghiệm", now)
	if err != nil {
		t.Fatal(err)
	}
	seal, err := ca.Issue(pki.Organisation, pki.Holder{Name: "UBND xã Tam Hồng", UnitCode: "000.01.21.H62"}, now, 2)
	if err != nil {
		t.Fatal(err)
	}
	roots := x509.NewCertPool()
	roots.AddCert(ca.Cert)
	if _, err := seal.Cert.Verify(x509.VerifyOptions{Roots: roots, KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageAny}}); err != nil {
		t.Fatalf("the seal does not chain to its authority: %v", err)
	}
	if pki.UnitCode(seal.Cert) != "000.01.21.H62" || seal.Cert.Subject.CommonName != "UBND xã Tam Hồng" {
		t.Fatalf("subject %v", seal.Cert.Subject)
	}
	if seal.Cert.KeyUsage&x509.KeyUsageDigitalSignature == 0 || seal.Cert.KeyUsage&x509.KeyUsageContentCommitment == 0 || seal.Cert.IsCA {
		t.Fatal("a seal certificate must sign documents (non-repudiation) and issue nothing")
	}
	if _, err := seal.Issue(pki.Organisation, pki.Holder{Name: "x", UnitCode: "y"}, now, 1); err == nil {
		t.Fatal("a seal certificate issued another")
	}
	for _, h := range []pki.Holder{{Name: "no code"}, {UnitCode: "000.00.01.H62"}} {
		if _, err := ca.Issue(pki.Organisation, h, now, 1); err == nil {
			t.Errorf("issued an organisation certificate for %+v", h)
		}
	}
	if _, err := ca.Issue(pki.Personal, pki.Holder{Name: "Nguyễn Văn A"}, now, 1); err == nil {
		t.Error("issued a personal certificate without an ID number")
	}
}

func TestSealedKeys(t *testing.T) {
	now := time.Now()
	ca, _ := pki.NewAuthority("CA", now)
	m, err := pki.DeriveMasterKey([]byte("a long enough secret"))
	if err != nil {
		t.Fatal(err)
	}
	sealed, err := m.Seal(ca.Key, "serial-1")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(sealed, "PRIVATE") || len(sealed) < 100 {
		t.Fatalf("sealed key %q", sealed[:40])
	}
	k, err := m.Open(sealed, "serial-1")
	if err != nil || !ca.Cert.PublicKey.(interface{ Equal(crypto.PublicKey) bool }).Equal(k.Public()) {
		t.Fatalf("open: %v", err)
	}
	if _, err := m.Open(sealed, "serial-2"); err == nil {
		t.Error("a sealed key opened for another certificate")
	}
	other, _ := pki.DeriveMasterKey([]byte("another long secret"))
	if _, err := other.Open(sealed, "serial-1"); err == nil {
		t.Error("a sealed key opened with another master key")
	}
	if _, err := pki.DeriveMasterKey([]byte("short")); err == nil {
		t.Error("a short secret was accepted")
	}
}

func TestPKCS12RoundTrip(t *testing.T) {
	now := time.Now()
	ca, _ := pki.NewAuthority("CA", now)
	leader, _ := ca.Issue(pki.Personal, pki.Holder{Name: "Trần Thị Lãnh", IDNumber: "001088000002"}, now, 1)
	p12, err := pki.EncodePKCS12(leader, "mật-khẩu")
	if err != nil {
		t.Fatal(err)
	}
	got, err := pki.ParsePKCS12(p12, "mật-khẩu")
	if err != nil {
		t.Fatal(err)
	}
	if !got.Cert.Equal(leader.Cert) || len(got.Chain) != 1 || !got.Chain[0].Equal(ca.Cert) {
		t.Fatalf("round trip lost the certificate or its chain: %d", len(got.Chain))
	}
	if _, err := pki.ParsePKCS12(p12, "sai"); err == nil {
		t.Error("a wrong password opened the file")
	}
	if _, err := pki.ParsePKCS12([]byte("not a p12"), ""); err == nil {
		t.Error("garbage parsed")
	}
}
