package store

import (
	"context"
	"crypto"
	"crypto/x509"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/pki"
)

// Certificate is a registry entry: a trusted authority, a unit's seal or a person's signature.
type Certificate struct {
	ID        int64
	Kind      pki.Kind
	UnitCode  string
	UserID    int64
	Subject   string
	Serial    string
	Issuer    string
	NotBefore time.Time
	NotAfter  time.Time
	Cert      *x509.Certificate
	Chain     []*x509.Certificate
	CreatedAt time.Time
	RevokedAt *time.Time
	Revoked   string // the reason
	HasKey    bool   // motcua holds the private key (sealed): it can sign (or issue) with it
}

// SetMasterKey gives the store the key that seals private keys at rest; without it nothing can
// be signed or issued.
func (s *Store) SetMasterKey(k pki.MasterKey) { s.master = &k }

func (s *Store) masterKey() (pki.MasterKey, error) {
	if s.master == nil {
		return pki.MasterKey{}, motcua.Errorf(motcua.ECONFLICT, "no_key_secret", "no key secret is configured: certificates' keys cannot be used")
	}
	return *s.master, nil
}

func scanCertificate(r scanner) (Certificate, error) {
	var c Certificate
	var kind, certPEM, chainPEM string
	var nb, na, created int64
	var revoked sql.NullInt64
	err := r.Scan(&c.ID, &kind, &c.UnitCode, &c.UserID, &c.Subject, &c.Serial, &c.Issuer, &nb, &na,
		&certPEM, &chainPEM, &created, &revoked, &c.Revoked, &c.HasKey)
	if err != nil {
		return c, err
	}
	c.Kind, c.NotBefore, c.NotAfter, c.CreatedAt, c.RevokedAt = pki.Kind(kind), fromMS(nb), fromMS(na), fromMS(created), fromNullMS(revoked)
	certs, err := pki.DecodeCerts(certPEM)
	if err != nil || len(certs) != 1 {
		return c, fmt.Errorf("certificate %d: unreadable PEM", c.ID)
	}
	c.Cert = certs[0]
	c.Chain, err = pki.DecodeCerts(chainPEM)
	return c, err
}

// AddCertificate registers a certificate of kind for a unit (organisation) or a user (personal),
// or a trusted authority; with a key, motcua can sign (or issue) with it, the key sealed by the
// master key. An organisation certificate must name the unit it is for.
func (s *Store) AddCertificate(ctx context.Context, kind pki.Kind, unitCode string, userID int64, is pki.Issued) (Certificate, error) {
	var id int64
	err := s.tx(ctx, func(tx *txn) error {
		var err error
		id, err = s.addCertificate(ctx, tx, kind, unitCode, userID, is)
		return err
	})
	if err != nil {
		return Certificate{}, fmt.Errorf("add certificate: %w", err)
	}
	return s.certificateBySerial(ctx, s.read, pki.SerialHex(is.Cert), is.Cert.Issuer.String(), id)
}

func (s *Store) addCertificate(ctx context.Context, tx *txn, kind pki.Kind, unitCode string, userID int64, is pki.Issued) (int64, error) {
	if !kind.Valid() {
		return 0, motcua.FieldError("kind", "invalid_field", "kind must be organisation, personal or authority")
	}
	c := is.Cert
	now := s.now()
	switch kind {
	case pki.Authority:
		if !c.IsCA {
			return 0, motcua.FieldError("certificate", "not_authority", "the certificate is not a certificate authority's")
		}
	case pki.Organisation:
		if unitCode == "" {
			return 0, motcua.FieldError("unit_code", "required", "an organisation certificate belongs to a unit")
		}
		if _, err := s.unit(ctx, tx, unitCode); err != nil {
			return 0, motcua.FieldError("unit_code", "unknown_unit", "no unit %s", unitCode)
		}
		if code := pki.UnitCode(c); code != "" && code != unitCode {
			return 0, motcua.FieldError("unit_code", "unit_mismatch", "the certificate names unit %s, not %s", code, unitCode)
		}
	case pki.Personal:
		if userID == 0 {
			return 0, motcua.FieldError("user", "required", "a personal certificate belongs to a user")
		}
	}
	if kind != pki.Authority && (c.KeyUsage&x509.KeyUsageDigitalSignature == 0) {
		return 0, motcua.FieldError("certificate", "key_usage", "the certificate may not sign documents")
	}
	if !now.Before(c.NotAfter) {
		return 0, motcua.FieldError("certificate", "expired", "the certificate expired on %s", c.NotAfter.Format(time.DateOnly))
	}
	sealed := ""
	if is.Key != nil {
		m, err := s.masterKey()
		if err != nil {
			return 0, err
		}
		if sealed, err = m.Seal(is.Key, pki.SerialHex(c)); err != nil {
			return 0, err
		}
	}
	var user any
	if userID != 0 {
		user = userID
	}
	var id int64
	err := tx.QueryRowContext(ctx, s.q.get("cert-insert"), string(kind), unitCode, user, c.Subject.String(),
		pki.SerialHex(c), c.Issuer.String(), ms(c.NotBefore), ms(c.NotAfter), pki.EncodeCerts(c),
		pki.EncodeCerts(is.Chain...), sealed, ms(now)).Scan(&id)
	if err != nil && strings.Contains(strings.ToLower(err.Error()), "unique") {
		return 0, motcua.Errorf(motcua.ECONFLICT, "certificate_exists", "certificate %s is already registered", pki.SerialHex(c))
	}
	return id, err
}

func (s *Store) certificateBySerial(ctx context.Context, q queryer, serial, issuer string, _ int64) (Certificate, error) {
	c, err := scanCertificate(q.QueryRowContext(ctx, s.q.get("cert-by-serial"), serial, issuer))
	if errors.Is(err, sql.ErrNoRows) {
		return c, motcua.Errorf(motcua.ENOTFOUND, "certificate_not_found", "no certificate %s", serial)
	}
	return c, err
}

// Certificates lists the registry.
func (s *Store) Certificates(ctx context.Context) ([]Certificate, error) {
	return all[Certificate](s.read.QueryContext(ctx, s.q.get("cert-list")))(scanCertificate)
}

// LocalAuthority returns the built-in certificate authority, creating it the first time; the
// demo and the tests issue seals and signatures with it. A province with a real CA imports
// PKCS#12 files instead and may never use it.
func (s *Store) LocalAuthority(ctx context.Context, name string) (Certificate, error) {
	c, err := scanCertificate(s.read.QueryRowContext(ctx, s.q.get("cert-local-authority")))
	if err == nil || !errors.Is(err, sql.ErrNoRows) {
		return c, err
	}
	ca, err := pki.NewAuthority(name, s.now())
	if err != nil {
		return c, err
	}
	return s.AddCertificate(ctx, pki.Authority, "", 0, ca)
}

// IssueLocal issues a certificate of kind with the local authority and registers it: a seal
// for unitCode, or a personal certificate for the user userID (by their full name and ID number).
func (s *Store) IssueLocal(ctx context.Context, kind pki.Kind, unitCode string, userID int64, years int) (Certificate, error) {
	ca, err := s.LocalAuthority(ctx, "CA nội bộ motcua")
	if err != nil {
		return Certificate{}, err
	}
	key, err := s.certificateKey(ctx, s.read, ca)
	if err != nil {
		return Certificate{}, err
	}
	issuer := pki.Issued{Cert: ca.Cert, Key: key, Chain: ca.Chain}
	h := pki.Holder{UnitCode: unitCode}
	switch kind {
	case pki.Organisation:
		u, err := s.Unit(ctx, unitCode)
		if err != nil {
			return Certificate{}, motcua.FieldError("unit_code", "unknown_unit", "no unit %s", unitCode)
		}
		h.Name = u.Name
	case pki.Personal:
		u, err := s.UserByID(ctx, userID)
		if err != nil {
			return Certificate{}, motcua.FieldError("user", "unknown_user", "no user %d", userID)
		}
		h.Name, h.IDNumber = u.FullName, u.IDNumber
		if h.IDNumber == "" {
			h.IDNumber = u.Username
		}
		if unitCode != "" {
			if un, err := s.Unit(ctx, unitCode); err == nil {
				h.UnitName = un.Name
			}
		}
	default:
		return Certificate{}, motcua.FieldError("kind", "invalid_field", "only organisation and personal certificates are issued")
	}
	is, err := issuer.Issue(kind, h, s.now(), years)
	if err != nil {
		return Certificate{}, err
	}
	return s.AddCertificate(ctx, kind, unitCode, userID, is)
}

// RevokeCertificate revokes a certificate from now: signatures made with it afterwards are
// invalid, and motcua signs nothing more with it.
func (s *Store) RevokeCertificate(ctx context.Context, serial, reason string) error {
	if strings.TrimSpace(reason) == "" {
		return motcua.FieldError("reason", "required", "a revocation needs a reason")
	}
	return s.tx(ctx, func(tx *txn) error {
		res, err := tx.ExecContext(ctx, s.q.get("cert-revoke"), strings.ToUpper(serial), ms(s.now()), reason)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return motcua.Errorf(motcua.ENOTFOUND, "certificate_not_found", "no unrevoked certificate %s", serial)
		}
		return nil
	})
}

// TrustedRoots are the authorities whose certificates verification accepts.
func (s *Store) TrustedRoots(ctx context.Context) (*x509.CertPool, []Certificate, error) {
	cas, err := all[Certificate](s.read.QueryContext(ctx, s.q.get("cert-authorities")))(scanCertificate)
	if err != nil {
		return nil, nil, err
	}
	pool := x509.NewCertPool()
	for _, c := range cas {
		pool.AddCert(c.Cert)
	}
	return pool, cas, nil
}

func (s *Store) certificateKey(ctx context.Context, q queryer, c Certificate) (crypto.Signer, error) {
	m, err := s.masterKey()
	if err != nil {
		return nil, err
	}
	var sealed string
	if err := q.QueryRowContext(ctx, s.q.get("cert-key"), c.ID).Scan(&sealed); err != nil {
		return nil, err
	}
	if sealed == "" {
		return nil, motcua.Errorf(motcua.ECONFLICT, "no_private_key", "motcua holds no key for certificate %s", c.Serial)
	}
	return m.Open(sealed, c.Serial)
}
