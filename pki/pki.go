// Package pki holds the certificates that sign results (ký số): the unit's organisation
// certificate (its seal, "dấu") and a leader's personal certificate, a built-in local certificate
// authority that issues them for the demo and the tests, PKCS#12 import of certificates from a
// real CA, and the sealing of private keys for storage. It does no I/O.
package pki

import (
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"strings"
	"time"

	"software.sslmate.com/src/go-pkcs12"
)

// Kind is what a certificate is for.
type Kind string

const (
	Organisation Kind = "organisation" // a unit's seal: the stamp step signs with it
	Personal     Kind = "personal"     // a person's signature: the approval step may sign with it
	Authority    Kind = "authority"    // a certificate authority trusted to issue the others
)

// Valid tells whether k is a known kind.
func (k Kind) Valid() bool { return k == Organisation || k == Personal || k == Authority }

// Holder says whose a certificate is: a unit (by agency code) for an organisation certificate,
// a person (name and ID number) for a personal one.
type Holder struct {
	Name     string // the unit's or the person's name
	UnitCode string // mã định danh of the unit
	UnitName string // for a personal certificate: the unit the person signs for
	IDNumber string // for a personal certificate: CCCD
	Province string
}

// Issued is a certificate with its private key and the chain up to (and including) its root.
type Issued struct {
	Cert  *x509.Certificate
	Key   crypto.Signer
	Chain []*x509.Certificate // issuers, nearest first
}

// oidDocumentSigning is RFC 9336's extended key usage for document signing.
var oidDocumentSigning = asn1.ObjectIdentifier{1, 3, 6, 1, 5, 5, 7, 3, 36}

// NewAuthority makes a self-signed local certificate authority, valid ten years from now.
func NewAuthority(name string, now time.Time) (Issued, error) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return Issued{}, err
	}
	serial, err := newSerial()
	if err != nil {
		return Issued{}, err
	}
	tpl := &x509.Certificate{
		SerialNumber:          serial,
		Subject:               pkix.Name{CommonName: name, Organization: []string{name}, Country: []string{"VN"}},
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              now.AddDate(10, 0, 0),
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign | x509.KeyUsageDigitalSignature,
		BasicConstraintsValid: true,
		IsCA:                  true,
		MaxPathLen:            0,
		MaxPathLenZero:        true,
		SubjectKeyId:          keyID(&key.PublicKey),
	}
	der, err := x509.CreateCertificate(rand.Reader, tpl, tpl, &key.PublicKey, key)
	if err != nil {
		return Issued{}, err
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return Issued{}, err
	}
	return Issued{Cert: cert, Key: key}, nil
}

// Issue makes a certificate of kind for h, signed by the authority ca, valid for years from now.
func (ca Issued) Issue(kind Kind, h Holder, now time.Time, years int) (Issued, error) {
	if !ca.Cert.IsCA {
		return Issued{}, errors.New("pki: the issuer is not a certificate authority")
	}
	subject := pkix.Name{Country: []string{"VN"}}
	if h.Province != "" {
		subject.Province = []string{h.Province}
	}
	switch kind {
	case Organisation:
		if h.UnitCode == "" || h.Name == "" {
			return Issued{}, errors.New("pki: an organisation certificate needs the unit's name and code")
		}
		subject.CommonName, subject.Organization = h.Name, []string{h.Name}
		// Vietnamese CAs name the organisation's identifier in the subject's UID-like serial.
		subject.SerialNumber = "MDD:" + h.UnitCode
	case Personal:
		if h.Name == "" || h.IDNumber == "" {
			return Issued{}, errors.New("pki: a personal certificate needs the person's name and ID number")
		}
		subject.CommonName, subject.SerialNumber = h.Name, "CCCD:"+h.IDNumber
		if h.UnitName != "" {
			subject.Organization = []string{h.UnitName}
		}
		if h.UnitCode != "" {
			subject.OrganizationalUnit = []string{"MDD:" + h.UnitCode}
		}
	default:
		return Issued{}, fmt.Errorf("pki: cannot issue a %q certificate", kind)
	}
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return Issued{}, err
	}
	serial, err := newSerial()
	if err != nil {
		return Issued{}, err
	}
	if years <= 0 {
		years = 3
	}
	tpl := &x509.Certificate{
		SerialNumber:          serial,
		Subject:               subject,
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              now.AddDate(years, 0, 0),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageContentCommitment,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageEmailProtection},
		UnknownExtKeyUsage:    []asn1.ObjectIdentifier{oidDocumentSigning},
		BasicConstraintsValid: true,
		SubjectKeyId:          keyID(&key.PublicKey),
		AuthorityKeyId:        ca.Cert.SubjectKeyId,
	}
	der, err := x509.CreateCertificate(rand.Reader, tpl, ca.Cert, &key.PublicKey, ca.Key)
	if err != nil {
		return Issued{}, err
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return Issued{}, err
	}
	return Issued{Cert: cert, Key: key, Chain: append([]*x509.Certificate{ca.Cert}, ca.Chain...)}, nil
}

// UnitCode is the agency code a certificate names (its subject's MDD: serial or unit), or "".
func UnitCode(c *x509.Certificate) string {
	for _, v := range append([]string{c.Subject.SerialNumber}, c.Subject.OrganizationalUnit...) {
		if code, ok := strings.CutPrefix(v, "MDD:"); ok {
			return code
		}
	}
	return ""
}

// SerialHex is a certificate's serial number as registries print it.
func SerialHex(c *x509.Certificate) string { return strings.ToUpper(c.SerialNumber.Text(16)) }

// ParsePKCS12 reads a .p12/.pfx file from a CA: the certificate, its private key and the chain
// the file carries.
func ParsePKCS12(data []byte, password string) (Issued, error) {
	key, cert, chain, err := pkcs12.DecodeChain(data, password)
	if err != nil {
		return Issued{}, fmt.Errorf("pki: read PKCS#12: %w", err)
	}
	signer, ok := key.(crypto.Signer)
	if !ok {
		return Issued{}, errors.New("pki: the PKCS#12 key cannot sign")
	}
	if !publicKeysEqual(signer.Public(), cert.PublicKey) {
		return Issued{}, errors.New("pki: the PKCS#12 key does not match its certificate")
	}
	return Issued{Cert: cert, Key: signer, Chain: chain}, nil
}

// EncodePKCS12 writes is as a PKCS#12 file protected by password (modern encryption).
func EncodePKCS12(is Issued, password string) ([]byte, error) {
	return pkcs12.Modern.Encode(is.Key, is.Cert, is.Chain, password)
}

// EncodeCerts writes certificates as PEM.
func EncodeCerts(certs ...*x509.Certificate) string {
	var b strings.Builder
	for _, c := range certs {
		_ = pem.Encode(&b, &pem.Block{Type: "CERTIFICATE", Bytes: c.Raw})
	}
	return b.String()
}

// DecodeCerts reads every PEM certificate in s.
func DecodeCerts(s string) ([]*x509.Certificate, error) {
	var out []*x509.Certificate
	rest := []byte(s)
	for {
		var block *pem.Block
		block, rest = pem.Decode(rest)
		if block == nil {
			break
		}
		if block.Type != "CERTIFICATE" {
			continue
		}
		c, err := x509.ParseCertificate(block.Bytes)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}

func newSerial() (*big.Int, error) {
	return rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 127))
}

func keyID(pub *rsa.PublicKey) []byte {
	h := sha256.Sum256(x509.MarshalPKCS1PublicKey(pub))
	return h[:20]
}

func publicKeysEqual(a, b crypto.PublicKey) bool {
	type equaler interface{ Equal(crypto.PublicKey) bool }
	e, ok := a.(equaler)
	return ok && e.Equal(b)
}
