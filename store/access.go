package store

import (
	"context"
	"fmt"
	"time"

	"github.com/motcua/motcua/catalog"
	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/user"
	"github.com/motcua/motcua/workflow"
)

// Screens on which an officer opens a dossier's personal data, as the access log names them.
const (
	ScreenDossier = "dossier_page" // the officer's dossier page
	ScreenReceipt = "receipt"      // the printed receipt and appointment slip
	ScreenAPI     = "api"          // a read of the dossier through the JSON API
	ScreenSlipPDF = "slip_pdf"     // an official slip downloaded as PDF (API or officer page)
	ScreenFeePDF  = "fee_receipt"  // a fee receipt (biên lai thu phí, lệ phí) downloaded as PDF
)

// Access is one opening of a dossier's personal data (Decree 13/2023 on personal-data protection):
// who, when, on which screen.
type Access struct {
	At          time.Time
	DossierCode string
	UserID      int64
	Username    string
	FullName    string
	Screen      string
}

// LogAccess records that who opened the personal data of a dossier on a screen. The caller has
// already checked that who may see the dossier.
func (s *Store) LogAccess(ctx context.Context, who user.User, dossierCode, screen string) error {
	err := s.tx(ctx, func(tx *txn) error {
		_, err := tx.ExecContext(ctx, s.q.get("access-insert"), dossierCode, who.ID, ms(s.now()), screen)
		return err
	})
	if err != nil {
		return fmt.Errorf("log access to dossier %s: %w", dossierCode, err)
	}
	return nil
}

// maxAccesses bounds an access listing; the newest come first.
const maxAccesses = 500

// AccessLog lists who opened a dossier's personal data, newest first (at most 500).
func (s *Store) AccessLog(ctx context.Context, dossierCode string) ([]Access, error) {
	return s.accesses(ctx, s.q.get("access-by-dossier"), dossierCode, maxAccesses)
}

// CitizenAccessLog lists, for a signed-in citizen, who else opened the personal data of the
// dossiers they submitted or that were filed with their ID number, newest first (limit ≤ 500).
func (s *Store) CitizenAccessLog(ctx context.Context, citizen user.User, limit int) ([]Access, error) {
	if limit <= 0 || limit > maxAccesses {
		limit = maxAccesses
	}
	return s.accesses(ctx, s.q.get("access-by-citizen"), citizen.ID, citizen.IDNumber, limit)
}

func (s *Store) accesses(ctx context.Context, query string, args ...any) ([]Access, error) {
	rows, err := s.read.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Access{}
	for rows.Next() {
		var a Access
		var at int64
		if err := rows.Scan(&at, &a.DossierCode, &a.UserID, &a.Username, &a.FullName, &a.Screen); err != nil {
			return nil, err
		}
		a.At = fromMS(at)
		out = append(out, a)
	}
	return out, rows.Err()
}

// OfficerDossier is what a user's dossier page needs: the dossier with its history, the process
// template it follows, the clock its deadlines run on, and the actions the user may take now.
type OfficerDossier struct {
	Dossier  dossier.Dossier
	Template catalog.Template
	Clock    dossier.Clock
	Allowed  []workflow.Action
}

// DossierForOfficer loads a dossier who may see (else ENOTFOUND) and decides, with the same
// Actor as Act, which actions who may take on it now.
func (s *Store) DossierForOfficer(ctx context.Context, who user.User, code string) (OfficerDossier, error) {
	var o OfficerDossier
	d, err := s.Dossier(ctx, who, code)
	if err != nil {
		return o, err
	}
	p, err := s.procedureVersion(ctx, s.read, d.ProcedureCode, d.ProcedureVersion)
	if err != nil {
		return o, err
	}
	clk, err := s.clock(ctx, s.read, d.UnitCode)
	if err != nil {
		return o, err
	}
	o.Dossier, o.Clock = d, clk
	o.Template = p.Process(d.LegalTime, clk.Sessions.Daily())
	st := workflow.State{Status: d.Status, Prev: d.PrevStatus, Step: d.Step, StepRole: d.StepRole,
		LastStep: len(o.Template.Steps) - 1, Transfered: d.TransferFromUnit != ""}
	actor := actorFor(who, &d)
	for _, a := range workflow.Actions {
		if _, err := workflow.Decide(st, a, actor); err == nil {
			o.Allowed = append(o.Allowed, a)
		}
	}
	return o, nil
}

// actorFor is who as the workflow sees them on one dossier; Act builds the same.
func actorFor(who user.User, d *dossier.Dossier) workflow.Actor {
	return workflow.Actor{
		StepRoles:      who.RolesAt(d.StepUnit),
		ReceivingRoles: who.RolesAt(d.UnitCode),
		Applicant:      d.OwnerID != 0 && d.OwnerID == who.ID,
	}
}
