package store

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"github.com/motcua/motcua/calendar"
	"maps"
	"regexp"
	"strings"
	"time"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/catalog"
	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/pki"
	"github.com/motcua/motcua/signing"
	"github.com/motcua/motcua/user"
	"github.com/motcua/motcua/workflow"
)

// File purposes of results: the document an officer uploads, and each signed version of it.
const (
	PurposeResult       = "result"
	PurposeResultSigned = "result_signed"
)

// resultDocument is the checklist name results are filed under.
const resultDocument = "Kết quả giải quyết"

// AddResult stores the result document (a PDF) of a dossier being processed, uploaded by an
// officer who holds the current step's role at its unit. The step that signs (Step.Sign) signs
// the newest result when it is completed.
func (s *Store) AddResult(ctx context.Context, who user.User, code string, f NewFile) (File, error) {
	f.Document = resultDocument
	types, err := checkFiles([]NewFile{f}, 0)
	if err != nil {
		return File{}, fmt.Errorf("result of dossier %s: %w", code, err)
	}
	if types[0] != "application/pdf" {
		return File{}, fmt.Errorf("result of dossier %s: %w", code, fileError("file_type", f, "a result must be a PDF"))
	}
	var out []File
	wrote := false
	err = s.tx(ctx, func(tx *txn) error {
		d, err := s.visibleDossier(ctx, tx, who, code)
		if err != nil {
			return err
		}
		if d.Status != workflow.Processing {
			return motcua.Errorf(motcua.ECONFLICT, "action_not_allowed", "a result is added while the dossier is processed (status 4), not in status %d", d.Status)
		}
		if !has(who.RolesAt(d.StepUnit), d.StepRole) {
			return motcua.Errorf(motcua.EFORBIDDEN, "role_not_allowed", "only the current step's %s at %s adds the result", d.StepRole, d.StepUnit)
		}
		if err := s.checkDossierSize(ctx, tx, d.ID, []NewFile{f}); err != nil {
			return err
		}
		wrote = true
		out, err = s.insertFiles(ctx, tx, who, 0, d.ID, PurposeResult, []NewFile{f}, types)
		return err
	})
	if err != nil {
		if wrote {
			s.dropBlobs(ctx, newFileHashes([]NewFile{f}))
		}
		return File{}, fmt.Errorf("result of dossier %s: %w", code, err)
	}
	return out[0], nil
}

// signResult signs the dossier's newest result with the certificate the completed step names,
// in the action's transaction, and returns what the event records; nothing when the dossier has
// no electronic result (a paper result is stamped by hand).
func (s *Store) signResult(ctx context.Context, tx *txn, d *dossier.Dossier, step catalog.Step, stepUnit string, actor dossier.Who, now time.Time) (map[string]any, error) {
	res, err := scanFile(tx.QueryRowContext(ctx, s.q.get("result-latest"), d.ID))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	data, err := s.fileData(ctx, tx, res)
	if err != nil {
		return nil, err
	}
	var cert Certificate
	reason := "Đóng dấu kết quả hồ sơ " + d.Code
	switch step.Sign {
	case catalog.SignOrganisation:
		cert, err = scanCertificate(tx.QueryRowContext(ctx, s.q.get("cert-signer-unit"), stepUnit, ms(now)))
	case catalog.SignPersonal:
		cert, err = scanCertificate(tx.QueryRowContext(ctx, s.q.get("cert-signer-user"), actor.ID, ms(now)))
		reason = "Ký duyệt kết quả hồ sơ " + d.Code
	default:
		return nil, fmt.Errorf("step %s: unknown signature %q", step.Key, step.Sign)
	}
	if errors.Is(err, sql.ErrNoRows) {
		whose := "unit " + stepUnit + " has no valid seal certificate"
		if step.Sign == catalog.SignPersonal {
			whose = actor.Name + " has no valid personal certificate"
		}
		return nil, motcua.Errorf(motcua.ECONFLICT, "no_certificate", "the result cannot be signed: %s", whose)
	}
	if err != nil {
		return nil, err
	}
	key, err := s.certificateKey(ctx, tx, cert)
	if err != nil {
		return nil, err
	}
	location := stepUnit
	if u, err := s.unit(ctx, tx, stepUnit); err == nil {
		location = u.Name
	}
	code := newVerifyCode()
	stamp := &signing.Stamp{
		Lines: []string{cert.Cert.Subject.CommonName, "Ký số lúc " + now.In(calendar.Zone).Format("15:04 02/01/2006"), "Mã xác thực: " + code},
		URL:   s.publicBase() + "/xac-thuc/" + code,
	}
	signed, err := signing.Sign(signing.Request{PDF: data, Signer: pki.Issued{Cert: cert.Cert, Key: key, Chain: cert.Chain},
		Name: cert.Cert.Subject.CommonName, Reason: reason, Location: location, At: now, Stamp: stamp})
	if err != nil {
		return nil, motcua.Errorf(motcua.EINVALID, "result_unsignable", "the result %s cannot be signed: %v", res.Name, err)
	}
	name := strings.TrimSuffix(res.Name, ".pdf")
	name = strings.TrimSuffix(name, " (đã ký)") + " (đã ký).pdf"
	files, err := s.insertFiles(ctx, tx, user.User{ID: actor.ID}, 0, d.ID, PurposeResultSigned,
		[]NewFile{{Document: resultDocument, Name: name, Data: signed}}, []string{"application/pdf"})
	if err != nil {
		return nil, err
	}
	if _, err := tx.ExecContext(ctx, s.q.get("signature-insert"), d.ID, files[0].ID, cert.ID, step.Key, ms(now), files[0].SHA256, code); err != nil {
		return nil, err
	}
	return map[string]any{"signed_file": files[0].ID, "certificate": cert.Serial, "signature": step.Sign, "verify_code": code}, nil
}

// Verification statuses: a document whose every signature is good and nothing was changed
// since; one signed with a certificate revoked before it signed; anything else.
const (
	VerifyValid   = "valid"
	VerifyRevoked = "revoked"
	VerifyInvalid = "invalid"
)

// Verification is what public verification says of a PDF.
type Verification struct {
	Status      string
	Problem     string // for invalid: not_signed, modified, untrusted, unreadable
	Unmodified  bool
	DossierCode string
	SHA256      string
	Signatures  []VerifiedSignature
}

// VerifiedSignature is one signature as verification reports it.
type VerifiedSignature struct {
	Status    string
	Problem   string
	Signer    string
	Kind      pki.Kind
	UnitCode  string
	UnitName  string
	Serial    string
	SignedAt  *time.Time
	Recorded  bool // the time is motcua's own record of when it signed, not the document's claim
	Reason    string
	RevokedAt *time.Time
}

var dossierCodeRE = regexp.MustCompile(`\b\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}-\d{6}-\d{4,}\b`)

// VerifyDocument checks a PDF's signatures against the trusted authorities and the registry's
// revocations; it names the dossier when motcua signed that very document.
func (s *Store) VerifyDocument(ctx context.Context, doc []byte) (Verification, error) {
	sum := sha256.Sum256(doc)
	v := Verification{Status: VerifyInvalid, SHA256: hex.EncodeToString(sum[:])}
	roots, _, err := s.TrustedRoots(ctx)
	if err != nil {
		return v, err
	}
	rep, err := signing.Verify(doc, roots)
	if errors.Is(err, signing.ErrNotSigned) {
		v.Problem = "not_signed"
		return v, nil
	}
	if err != nil {
		v.Problem = "unreadable"
		return v, nil
	}
	v.Unmodified = rep.Unmodified
	type record struct {
		code string
		at   time.Time
	}
	ours := map[string]record{}
	rows, err := s.read.QueryContext(ctx, s.q.get("signature-by-sha"), v.SHA256)
	if err != nil {
		return v, err
	}
	for rows.Next() {
		var code, step, serial string
		var at int64
		if err := rows.Scan(&code, &at, &step, &serial); err != nil {
			rows.Close()
			return v, err
		}
		ours[serial] = record{code, fromMS(at)}
		v.DossierCode = code
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return v, err
	}
	valid, revoked := 0, 0
	for _, sig := range rep.Signatures {
		vs := VerifiedSignature{Signer: sig.Name, Reason: sig.Reason, SignedAt: sig.SignedAt, Status: VerifyValid}
		if sig.Cert != nil {
			vs.Serial, vs.Signer = pki.SerialHex(sig.Cert), sig.Cert.Subject.CommonName
			vs.UnitCode = pki.UnitCode(sig.Cert)
			if r, ok := ours[vs.Serial]; ok {
				at := r.at
				vs.SignedAt, vs.Recorded = &at, true
			}
			if reg, err := s.certificateBySerial(ctx, s.read, vs.Serial, sig.Cert.Issuer.String(), 0); err == nil {
				vs.Kind, vs.RevokedAt = reg.Kind, reg.RevokedAt
				if reg.UnitCode != "" {
					vs.UnitCode = reg.UnitCode
				}
			}
			if vs.UnitCode != "" {
				if u, err := s.Unit(ctx, vs.UnitCode); err == nil {
					vs.UnitName = u.Name
				}
			}
		}
		switch {
		case !sig.Intact:
			vs.Status, vs.Problem = VerifyInvalid, "modified"
		case sig.Chain != nil:
			vs.Status, vs.Problem = VerifyInvalid, "untrusted"
		// Only motcua's own record proves a signature predates a revocation: the time a document
		// claims is the signer's word, and a stolen key can backdate it.
		case vs.RevokedAt != nil && (!vs.Recorded || !vs.SignedAt.Before(*vs.RevokedAt)):
			vs.Status, vs.Problem = VerifyRevoked, "revoked"
		}
		switch vs.Status {
		case VerifyValid:
			valid++
		case VerifyRevoked:
			revoked++
		}
		if v.DossierCode == "" {
			v.DossierCode = dossierCodeRE.FindString(sig.Reason)
		}
		v.Signatures = append(v.Signatures, vs)
	}
	switch {
	case !v.Unmodified:
		v.Problem = "modified"
	case valid == len(v.Signatures):
		v.Status = VerifyValid
	case valid+revoked == len(v.Signatures):
		v.Status, v.Problem = VerifyRevoked, "revoked"
	default:
		for _, vs := range v.Signatures {
			if vs.Problem != "" && vs.Status == VerifyInvalid {
				v.Problem = vs.Problem
				break
			}
		}
	}
	return v, nil
}

// Result returns a dossier's result as it stands — the newest result file, signed once the
// signing step is done — to whoever may see the dossier.
func (s *Store) Result(ctx context.Context, who user.User, code string) (File, []byte, error) {
	d, err := s.visibleDossier(ctx, s.read, who, code)
	if err != nil {
		return File{}, nil, err
	}
	q := "result-latest"
	if applicantOnly(who, &d) {
		q = "result-latest-signed" // the applicant gets the result once it is signed
	}
	f, err := scanFile(s.read.QueryRowContext(ctx, s.q.get(q), d.ID))
	if errors.Is(err, sql.ErrNoRows) {
		return f, nil, motcua.Errorf(motcua.ENOTFOUND, "result_not_found", "dossier %s has no electronic result", code)
	}
	if err != nil {
		return f, nil, err
	}
	data, err := s.fileData(ctx, s.read, f)
	return f, data, err
}

// onlineResult finds the electronic result a return online hands over — the newest signed one
// when the process signs results, else the newest — and names it in the event.
func (s *Store) onlineResult(ctx context.Context, tx *txn, d *dossier.Dossier, tpl catalog.Template, extra map[string]any) (map[string]any, error) {
	q := "result-latest"
	for _, st := range tpl.Steps {
		if st.Sign != "" {
			q = "result-latest-signed"
		}
	}
	f, err := scanFile(tx.QueryRowContext(ctx, s.q.get(q), d.ID))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, motcua.Errorf(motcua.ECONFLICT, "no_electronic_result", "dossier %s has no electronic result to return online", d.Code)
	}
	if err != nil {
		return nil, err
	}
	extra = maps.Clone(extra)
	if extra == nil {
		extra = map[string]any{}
	}
	extra["result_file"] = f.ID
	return extra, nil
}

// SetPublicURL sets the site's address as the public reaches it (https://dichvucong.example.gov.vn),
// for the QR code a signed result's stamp carries.
func (s *Store) SetPublicURL(u string) { s.publicURL = strings.TrimRight(u, "/") }

func (s *Store) publicBase() string {
	if s.publicURL == "" {
		return "http://127.0.0.1:8080"
	}
	return s.publicURL
}

// verifyAlphabet leaves out letters and digits read alike (0/O, 1/I/L) on a printed page.
const verifyAlphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"

func newVerifyCode() string {
	b := make([]byte, 12)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand does not fail on supported platforms
	}
	for i := range b {
		b[i] = verifyAlphabet[int(b[i])%len(verifyAlphabet)]
	}
	return string(b)
}

// VerifyByCode verifies the signed document whose stamp carries code, for anyone who scanned
// it: the verdict on the document as motcua keeps it, with no personal data beyond what the
// verification shows.
func (s *Store) VerifyByCode(ctx context.Context, code string) (Verification, error) {
	var fileID int64
	err := s.read.QueryRowContext(ctx, s.q.get("signature-by-code"), strings.ToUpper(strings.TrimSpace(code))).Scan(&fileID)
	if errors.Is(err, sql.ErrNoRows) {
		return Verification{}, motcua.Errorf(motcua.ENOTFOUND, "verify_code_not_found", "no signed document has code %s", code)
	}
	if err != nil {
		return Verification{}, err
	}
	f, err := scanFile(s.read.QueryRowContext(ctx, s.q.get("file-get"), fileID))
	if err != nil {
		return Verification{}, err
	}
	data, err := s.fileData(ctx, s.read, f)
	if err != nil {
		return Verification{}, err
	}
	return s.VerifyDocument(ctx, data)
}
