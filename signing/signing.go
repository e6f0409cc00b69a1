// Package signing puts digital signatures (ký số) into PDF documents and checks them: a real PDF
// signature — CMS (PKCS#7, detached, SHA-256) over the file's byte ranges, added as an
// incremental update — that standard verifiers such as poppler's pdfsig accept. It does no I/O.
package signing

import (
	"bytes"
	"crypto"
	"crypto/x509"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"time"

	"github.com/digitorus/pdf"
	"github.com/digitorus/pdfsign/sign"
	"github.com/digitorus/pdfsign/verify"

	"github.com/motcua/motcua/pki"
)

// Request is one signature to add.
type Request struct {
	PDF      []byte
	Signer   pki.Issued
	Name     string // who signs, as the signature dictionary names them
	Reason   string // e.g. "Đóng dấu kết quả hồ sơ <code>"
	Location string
	Contact  string
	At       time.Time
	// Stamp, when set, is drawn on the first page as the signature's visible appearance.
	Stamp *Stamp
}

// MaxPDF bounds what is signed or verified in memory.
const MaxPDF = 32 << 20

// Sign returns the PDF with one more signature, as an incremental update: the bytes before it are
// unchanged, so earlier signatures stay valid.
func Sign(r Request) ([]byte, error) {
	if len(r.PDF) == 0 || len(r.PDF) > MaxPDF {
		return nil, fmt.Errorf("signing: a PDF of %d bytes cannot be signed", len(r.PDF))
	}
	if r.Signer.Cert == nil || r.Signer.Key == nil {
		return nil, errors.New("signing: no certificate or key")
	}
	in := bytes.NewReader(r.PDF)
	rdr, err := pdf.NewReader(in, int64(len(r.PDF)))
	if err != nil {
		return nil, fmt.Errorf("signing: not a readable PDF: %w", err)
	}
	var out bytes.Buffer
	chain := append([]*x509.Certificate{r.Signer.Cert}, r.Signer.Chain...)
	var look sign.Appearance
	if r.Stamp != nil {
		img, err := stampImage(*r.Stamp)
		if err != nil {
			return nil, fmt.Errorf("signing: stamp: %w", err)
		}
		llx, lly, urx, ury := stampRect(rdr)
		look = sign.Appearance{Visible: true, Page: 1, LowerLeftX: llx, LowerLeftY: lly, UpperRightX: urx, UpperRightY: ury, Image: img}
	}
	err = sign.Sign(in, &out, rdr, int64(len(r.PDF)), sign.SignData{
		Signature: sign.SignDataSignature{
			Info: sign.SignDataSignatureInfo{Name: pdfSafe(r.Name), Reason: pdfSafe(r.Reason),
				Location: pdfSafe(r.Location), ContactInfo: pdfSafe(r.Contact), Date: r.At},
			// Approval signatures: a result may carry the leader's and then the seal's.
			CertType: sign.ApprovalSignature,
		},
		Signer:            r.Signer.Key,
		DigestAlgorithm:   crypto.SHA256,
		Certificate:       r.Signer.Cert,
		CertificateChains: [][]*x509.Certificate{chain},
		Appearance:        look,
	})
	if err != nil {
		return nil, fmt.Errorf("signing: %w", err)
	}
	return out.Bytes(), nil
}

// Signature is one signature found in a PDF, checked.
type Signature struct {
	Name, Reason, Location string
	SignedAt               *time.Time // as the signature claims it
	Cert                   *x509.Certificate
	Intact                 bool  // the signed bytes are unchanged and the signature is the certificate's
	Chain                  error // nil when the certificate chains to a trusted root at the signing time
}

// Valid is a signature whose bytes are intact and whose certificate chains to a trusted root.
func (s Signature) Valid() bool { return s.Intact && s.Chain == nil && s.Cert != nil }

// ErrNotSigned is a PDF with no signature.
var ErrNotSigned = errors.New("signing: the document has no digital signature")

// Report is what Verify found.
type Report struct {
	Signatures []Signature
	// Unmodified is true when the latest signature covers the whole file: nothing was appended
	// (an incremental update can change what a page shows) after the document was last signed.
	Unmodified bool
}

// Verify checks every signature of a PDF against the trusted roots, and whether anything was
// added after the last one.
func Verify(doc []byte, roots *x509.CertPool) (Report, error) {
	if len(doc) == 0 || len(doc) > MaxPDF {
		return Report{}, fmt.Errorf("signing: a PDF of %d bytes cannot be verified", len(doc))
	}
	res, err := verify.VerifyWithOptions(bytes.NewReader(doc), int64(len(doc)), &verify.VerifyOptions{
		// The chain is checked below against our own roots, not the system's.
		AllowUntrustedRoots: true,
		TrustSignatureTime:  true,
		HTTPTimeout:         time.Nanosecond, // never fetch anything
	})
	if err != nil {
		if bytes.Contains(doc[:min(len(doc), 1024)], []byte("%PDF")) {
			return Report{}, ErrNotSigned
		}
		return Report{}, fmt.Errorf("signing: not a readable PDF: %w", err)
	}
	if len(res.Signers) == 0 {
		return Report{}, ErrNotSigned
	}
	var rep Report
	end := int64(0)
	for _, e := range byteRanges(doc) {
		end = max(end, e)
	}
	rep.Unmodified = end == int64(len(doc)) || end == int64(len(bytes.TrimRight(doc, "\r\n")))
	for _, s := range res.Signers {
		sig := Signature{Name: s.Name, Reason: s.Reason, Location: s.Location, SignedAt: s.SignatureTime, Intact: s.ValidSignature}
		var pool []*x509.Certificate
		for _, c := range s.Certificates {
			pool = append(pool, c.Certificate)
		}
		if len(pool) > 0 {
			sig.Cert = pool[0]
			inter := x509.NewCertPool()
			for _, c := range pool[1:] {
				inter.AddCert(c)
			}
			at := time.Now()
			if s.SignatureTime != nil {
				at = *s.SignatureTime
			}
			_, sig.Chain = sig.Cert.Verify(x509.VerifyOptions{Roots: roots, Intermediates: inter, CurrentTime: at,
				KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageAny}})
		} else {
			sig.Chain = errors.New("no certificate in the signature")
		}
		rep.Signatures = append(rep.Signatures, sig)
	}
	return rep, nil
}

var byteRangeRE = regexp.MustCompile(`/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]`)

// byteRanges returns, per signature, where its signed bytes end.
func byteRanges(doc []byte) []int64 {
	var out []int64
	for _, m := range byteRangeRE.FindAllSubmatch(doc, -1) {
		c, _ := strconv.ParseInt(string(m[3]), 10, 64)
		d, _ := strconv.ParseInt(string(m[4]), 10, 64)
		out = append(out, c+d)
	}
	return out
}
