package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/motcua/motcua/pki"
	"github.com/motcua/motcua/store"
)

// runCert manages the certificate registry:
//
//	cert list
//	cert issue  --kind organisation --unit CODE | --kind personal --user USERNAME [--unit CODE] [--years N]
//	cert import --kind organisation --unit CODE | --kind personal --user USERNAME --file F.p12  (password in MOTCUA_P12_PASSWORD)
//	cert trust  --file CA.pem
//	cert revoke --serial HEX --reason TEXT
func runCert(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return usageError{"cert: want list, issue, import, trust or revoke"}
	}
	sub := args[0]
	var c config
	fs := newFlags("cert "+sub, &c, stderr)
	addKeyFlags(fs, &c)
	var kind, unit, username, file, serial, reason string
	var years int
	switch sub {
	case "issue", "import":
		fs.StringVar(&kind, "kind", "", "organisation (a unit's seal) or personal (a person's signature)")
		fs.StringVar(&unit, "unit", "", "agency code of the unit (the seal's, or the person's)")
		fs.StringVar(&username, "user", "", "for a personal certificate: the user it belongs to")
		if sub == "issue" {
			fs.IntVar(&years, "years", 3, "validity in years")
		} else {
			fs.StringVar(&file, "file", "", "the PKCS#12 (.p12/.pfx) file from the CA; its password in MOTCUA_P12_PASSWORD")
		}
	case "trust":
		fs.StringVar(&file, "file", "", "PEM file of a certificate authority whose certificates verification accepts")
	case "revoke":
		fs.StringVar(&serial, "serial", "", "the certificate's serial number (hexadecimal, as cert list shows it)")
		fs.StringVar(&reason, "reason", "", "why")
	case "list":
	default:
		return usageError{fmt.Sprintf("cert: unknown subcommand %q", sub)}
	}
	if err := fs.Parse(args[1:]); err != nil {
		return usageError{err.Error()}
	}
	if fs.NArg() > 0 {
		return usageError{"cert " + sub + ": unexpected argument " + fs.Arg(0)}
	}
	st, err := store.Open(ctx, c.DB)
	if err != nil {
		return err
	}
	defer st.Close()
	if mk, _, err := c.masterKey(false); err != nil {
		return err
	} else if mk != nil {
		st.SetMasterKey(*mk)
	}
	var userID int64
	if username != "" {
		u, err := st.UserByUsername(ctx, username)
		if err != nil {
			return err
		}
		userID = u.ID
	}
	var cert store.Certificate
	switch sub {
	case "list":
		return listCertificates(ctx, st, stdout)
	case "issue":
		if !pki.Kind(kind).Valid() || kind == string(pki.Authority) {
			return usageError{"cert issue: --kind organisation or personal"}
		}
		cert, err = st.IssueLocal(ctx, pki.Kind(kind), unit, userID, years)
	case "import":
		if !pki.Kind(kind).Valid() || kind == string(pki.Authority) || file == "" {
			return usageError{"cert import: --kind organisation|personal and --file F.p12 are required"}
		}
		data, err := os.ReadFile(file)
		if err != nil {
			return err
		}
		is, err := pki.ParsePKCS12(data, os.Getenv("MOTCUA_P12_PASSWORD"))
		if err != nil {
			return err
		}
		if cert, err = st.AddCertificate(ctx, pki.Kind(kind), unit, userID, is); err != nil {
			return err
		}
		// The file's own chain: its authority is trusted for verification if it was not yet.
		for _, ca := range is.Chain {
			if ca.IsCA && ca.CheckSignatureFrom(ca) == nil {
				if _, err := st.AddCertificate(ctx, pki.Authority, "", 0, pki.Issued{Cert: ca}); err != nil && !strings.Contains(err.Error(), "already registered") {
					return err
				}
			}
		}
	case "trust":
		data, err := os.ReadFile(file)
		if err != nil {
			return err
		}
		certs, err := pki.DecodeCerts(string(data))
		if err != nil || len(certs) == 0 {
			return errors.New("cert trust: no PEM certificate in " + file)
		}
		cert, err = st.AddCertificate(ctx, pki.Authority, "", 0, pki.Issued{Cert: certs[0]})
	case "revoke":
		if serial == "" {
			return usageError{"cert revoke: --serial is required"}
		}
		if err := st.RevokeCertificate(ctx, serial, reason); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "revoked %s\n", strings.ToUpper(serial))
		return nil
	}
	if err != nil {
		return err
	}
	return json.NewEncoder(stdout).Encode(certJSON(cert))
}

type certOut struct {
	Kind      string     `json:"kind"`
	Unit      string     `json:"unit_code,omitempty"`
	UserID    int64      `json:"user_id,omitempty"`
	Subject   string     `json:"subject"`
	Serial    string     `json:"serial"`
	Issuer    string     `json:"issuer"`
	NotAfter  time.Time  `json:"not_after"`
	RevokedAt *time.Time `json:"revoked_at,omitempty"`
	HasKey    bool       `json:"has_key"`
}

func certJSON(c store.Certificate) certOut {
	return certOut{string(c.Kind), c.UnitCode, c.UserID, c.Subject, c.Serial, c.Issuer, c.NotAfter, c.RevokedAt, c.HasKey}
}

func listCertificates(ctx context.Context, st *store.Store, stdout io.Writer) error {
	certs, err := st.Certificates(ctx)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "KIND\tUNIT\tSUBJECT\tSERIAL\tVALID UNTIL\tSTATE")
	for _, c := range certs {
		state := "active"
		if c.RevokedAt != nil {
			state = "revoked " + c.RevokedAt.Format(time.DateOnly)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", c.Kind, c.UnitCode, c.Cert.Subject.CommonName, c.Serial, c.NotAfter.Format(time.DateOnly), state)
	}
	return tw.Flush()
}

// verifyFailed is a document that is not valid: exit status 1 without another message.
type verifyFailed struct{ status string }

func (e verifyFailed) Error() string { return "the document is " + e.status }

// runVerify checks a signed PDF against the registry: exit 0 when valid, 1 otherwise.
func runVerify(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var c config
	fs := newFlags("verify", &c, stderr)
	asJSON := fs.Bool("json", false, "print the verdict as JSON (as POST /api/v1/verify answers)")
	if err := fs.Parse(args); err != nil {
		return usageError{err.Error()}
	}
	if fs.NArg() != 1 {
		return usageError{"verify: want one PDF file"}
	}
	data, err := os.ReadFile(fs.Arg(0))
	if err != nil {
		return err
	}
	st, err := store.Open(ctx, c.DB)
	if err != nil {
		return err
	}
	defer st.Close()
	v, err := st.VerifyDocument(ctx, data)
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(v); err != nil {
			return err
		}
	} else {
		fmt.Fprintf(stdout, "%s: %s", fs.Arg(0), strings.ToUpper(v.Status))
		if v.Problem != "" {
			fmt.Fprintf(stdout, " (%s)", v.Problem)
		}
		if v.DossierCode != "" {
			fmt.Fprintf(stdout, " — hồ sơ %s", v.DossierCode)
		}
		fmt.Fprintln(stdout)
		for _, s := range v.Signatures {
			at := "?"
			if s.SignedAt != nil {
				at = s.SignedAt.Format("15:04 02/01/2006")
			}
			fmt.Fprintf(stdout, "  %s: %s (%s %s), %s, serial %s\n", strings.ToUpper(s.Status), s.Signer, s.UnitCode, s.UnitName, at, s.Serial)
		}
	}
	if v.Status != store.VerifyValid {
		return verifyFailed{v.Status}
	}
	return nil
}
