package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/catalog"
	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/user"
	"github.com/motcua/motcua/workflow"
)

// IntakeDecision is what the desk does with the papers an applicant brings.
type IntakeDecision string

const (
	// IntakeReceive takes the dossier in: status 2, the clock starts.
	IntakeReceive IntakeDecision = "receive"
	// IntakeSupplement records the dossier and asks for the missing papers (Mẫu 02): status 5.
	IntakeSupplement IntakeDecision = "supplement"
	// IntakeRefuse records the dossier as not accepted, with the reason: status 3.
	IntakeRefuse IntakeDecision = "refuse"
)

// Result delivery: where the applicant will collect the result.
const (
	DeliveryCounter = "counter"
	DeliveryPost    = "post"
	DeliveryOnline  = "online"
)

// IntakeDocument is one line of a case's checklist as the desk ticked it.
type IntakeDocument struct {
	Name      string
	Required  bool
	Received  bool
	Originals int
	Copies    int
}

// CounterIntake is a dossier taken in by a desk officer: the dossier, the ticked checklist and the
// circumstances of the intake.
type CounterIntake struct {
	NewDossier
	Case      string
	Documents []IntakeDocument
	Sets      int
	Delivery  string
	// Place and PlaceAt record an intake made outside the centre or outside office hours (at
	// the applicant's home, in hospital); empty for an intake at the counter.
	Place    string
	PlaceAt  *time.Time
	Counter  string
	Decision IntakeDecision
	// Reason is required to refuse or to ask for papers.
	Reason string
	// AppointmentID is the at-home appointment this intake serves, if any; it is marked done.
	AppointmentID int64
}

// IntakeRecord is what the desk recorded about a dossier.
type IntakeRecord struct {
	Case          string
	Sets          int
	Delivery      string
	Place         string
	PlaceAt       *time.Time
	Counter       string
	OfficerID     int64
	OfficerName   string
	Decision      IntakeDecision
	AppointmentID int64
	Documents     []IntakeDocument
}

// MaxIntakeDocuments bounds a checklist.
const MaxIntakeDocuments = 100

// outsideWindow is how far back an intake outside the centre may be recorded.
const outsideWindow = 30 * 24 * time.Hour

func (in *CounterIntake) validate(now time.Time) error {
	in.Channel = catalog.InPerson
	switch in.Decision {
	case IntakeReceive, IntakeSupplement, IntakeRefuse:
	default:
		return motcua.FieldError("decision", "invalid_decision", "decision must be receive, supplement or refuse")
	}
	if in.Delivery == "" {
		in.Delivery = DeliveryCounter
	}
	switch in.Delivery {
	case DeliveryCounter, DeliveryPost, DeliveryOnline:
	default:
		return motcua.FieldError("delivery", "invalid_delivery", "delivery must be counter, post or online")
	}
	if in.Sets == 0 {
		in.Sets = 1
	}
	if in.Sets < 1 || in.Sets > 20 {
		return motcua.FieldError("sets", "invalid_sets", "the number of sets must be 1–20")
	}
	if len(in.Documents) > MaxIntakeDocuments {
		return motcua.FieldError("documents", "too_many_documents", "at most %d documents", MaxIntakeDocuments)
	}
	for _, d := range in.Documents {
		if strings.TrimSpace(d.Name) == "" || len(d.Name) > 500 {
			return motcua.FieldError("documents", "invalid_document", "a document needs a name of at most 500 bytes")
		}
		if d.Originals < 0 || d.Copies < 0 || d.Originals > 99 || d.Copies > 99 {
			return motcua.FieldError("documents", "invalid_count", "counts of originals and copies are 0–99")
		}
		if d.Received && d.Originals+d.Copies == 0 {
			return motcua.FieldError("documents", "received_nothing", "document %q is ticked but counts no paper", d.Name)
		}
	}
	if in.Decision == IntakeReceive {
		var missing []string
		for _, d := range in.Documents {
			if d.Required && !d.Received {
				missing = append(missing, d.Name)
			}
		}
		if len(missing) > 0 {
			return motcua.FieldError("documents", "required_missing",
				"required papers are missing (%s): ask for them or refuse", strings.Join(missing, "; "))
		}
	}
	if in.Decision != IntakeReceive && strings.TrimSpace(in.Reason) == "" {
		return motcua.FieldError("reason", "required", "a reason is required")
	}
	if len(in.Reason) > 2000 || len(in.Case) > 500 {
		return motcua.FieldError("reason", "too_long", "a text field is too long")
	}
	in.Place = strings.TrimSpace(in.Place)
	if len(in.Place) > 300 {
		return motcua.FieldError("place", "too_long", "the place is too long")
	}
	if in.PlaceAt != nil {
		if in.Place == "" {
			return motcua.FieldError("place", "required", "say where the intake took place")
		}
		if in.PlaceAt.After(now) {
			return motcua.FieldError("place_at", "future_time", "the intake cannot be in the future")
		}
		if in.PlaceAt.Before(now.Add(-outsideWindow)) {
			return motcua.FieldError("place_at", "too_old", "an intake outside the centre is recorded within 30 days")
		}
	}
	return in.NewDossier.validate()
}

// Intake creates a dossier at the desk, with its checklist, in one transaction: received (status
// 2), or recorded and at once refused (3) or sent back for papers (5), so that the statistics count
// every applicant the desk turned away. Only an intake officer of the receiving unit may.
func (s *Store) Intake(ctx context.Context, who user.User, in CounterIntake) (dossier.Dossier, error) {
	now := s.now()
	if err := in.validate(now); err != nil {
		return dossier.Dossier{}, err
	}
	if !has(who.RolesAt(in.UnitCode), workflow.IntakeOfficer) {
		return dossier.Dossier{}, motcua.Errorf(motcua.EFORBIDDEN, "forbidden_intake", "only an intake officer of unit %s takes dossiers in for it", in.UnitCode)
	}
	var d dossier.Dossier
	err := s.tx(ctx, func(tx *txn) error {
		var err error
		if d, err = s.createDossier(ctx, tx, who, in.NewDossier, now); err != nil {
			return err
		}
		var appt any
		if in.AppointmentID != 0 {
			appt = in.AppointmentID
			res, err := tx.ExecContext(ctx, s.q.get("appointment-set-status"), who.ID, in.AppointmentID, AppointmentDone, ms(now), d.Code)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n != 1 {
				return motcua.FieldError("appointment", "appointment_closed", "appointment %d is not open at your unit", in.AppointmentID)
			}
		}
		if _, err := tx.ExecContext(ctx, s.q.get("intake-insert"), d.ID, in.Case, in.Sets, in.Delivery, in.Place,
			msPtr(in.PlaceAt), in.Counter, who.ID, string(in.Decision), appt); err != nil {
			return err
		}
		var missing []string
		for i, doc := range in.Documents {
			if _, err := tx.ExecContext(ctx, s.q.get("intake-document-insert"), d.ID, i, doc.Name, flag(doc.Required),
				flag(doc.Received), doc.Originals, doc.Copies); err != nil {
				return err
			}
			if !doc.Received {
				missing = append(missing, doc.Name)
			}
		}
		req := dossier.Request{Version: d.Version, Reason: strings.TrimSpace(in.Reason)}
		switch in.Decision {
		case IntakeRefuse:
			req.Action = workflow.Refuse
		case IntakeSupplement:
			req.Action, req.Documents = workflow.RequestSupplement, missing
		default:
			return nil
		}
		if err := s.dropReceipts(ctx, tx, d.ID); err != nil {
			return err
		}
		d, err = s.act(ctx, tx, who, d.Code, req, now)
		return err
	})
	if err != nil {
		return dossier.Dossier{}, fmt.Errorf("counter intake: %w", err)
	}
	return d, nil
}

func flag(b bool) int {
	if b {
		return 1
	}
	return 0
}

// IntakeOf returns what the desk recorded about a dossier who may see, and false for a dossier
// that did not come through the desk (submitted online, received later).
func (s *Store) IntakeOf(ctx context.Context, who user.User, code string) (IntakeRecord, bool, error) {
	d, err := s.visibleDossier(ctx, s.read, who, code)
	if err != nil {
		return IntakeRecord{}, false, err
	}
	var r IntakeRecord
	var placeAt sql.NullInt64
	var decision, username string
	err = s.read.QueryRowContext(ctx, s.q.get("intake-get"), d.ID).Scan(&r.Case, &r.Sets, &r.Delivery, &r.Place,
		&placeAt, &r.Counter, &r.OfficerID, &r.OfficerName, &username, &decision, &r.AppointmentID)
	if errors.Is(err, sql.ErrNoRows) {
		return IntakeRecord{}, false, nil
	}
	if err != nil {
		return IntakeRecord{}, false, err
	}
	if r.OfficerName == "" {
		r.OfficerName = username
	}
	r.PlaceAt, r.Decision = fromNullMS(placeAt), IntakeDecision(decision)
	rows, err := s.read.QueryContext(ctx, s.q.get("intake-documents"), d.ID)
	if err != nil {
		return r, false, err
	}
	defer rows.Close()
	for rows.Next() {
		var doc IntakeDocument
		var req, rec int
		if err := rows.Scan(&doc.Name, &req, &rec, &doc.Originals, &doc.Copies); err != nil {
			return r, false, err
		}
		doc.Required, doc.Received = req == 1, rec == 1
		r.Documents = append(r.Documents, doc)
	}
	return r, true, rows.Err()
}

// Desk is an officer sitting at a counter.
type Desk struct {
	UnitCode string
	Counter  string
	UserID   int64
	Username string
	FullName string
	Since    time.Time
}

// Officer is the name the kiosk and the slips show.
func (d Desk) Officer() string {
	if d.FullName != "" {
		return d.FullName
	}
	return d.Username
}

func scanDesk(r scanner) (Desk, error) {
	var d Desk
	var since int64
	err := r.Scan(&d.UnitCode, &d.Counter, &d.UserID, &d.Username, &d.FullName, &since)
	d.Since = fromMS(since)
	return d, err
}

// TakeCounter seats who at a counter of a unit where they are an intake officer. They leave any
// other counter, and whoever sat at this one leaves it.
func (s *Store) TakeCounter(ctx context.Context, who user.User, unit, counter string) (Desk, error) {
	err := s.tx(ctx, func(tx *txn) error {
		var n int
		if err := tx.QueryRowContext(ctx, s.q.get("desk-take-check"), who.ID, unit).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return motcua.Errorf(motcua.EFORBIDDEN, "forbidden_counter", "only an intake officer of unit %s sits at its counters", unit)
		}
		u, err := s.unit(ctx, tx, unit)
		if err != nil {
			return err
		}
		if !slices.Contains(u.Counters, counter) {
			return motcua.FieldError("counter", "unknown_counter", "unit %s has no counter %q", unit, counter)
		}
		if _, err := tx.ExecContext(ctx, s.q.get("desk-leave"), who.ID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, s.q.get("desk-free"), unit, counter); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, s.q.get("desk-insert"), unit, counter, who.ID, ms(s.now()))
		return err
	})
	if err != nil {
		return Desk{}, fmt.Errorf("take counter: %w", err)
	}
	return Desk{UnitCode: unit, Counter: counter, UserID: who.ID, Username: who.Username, FullName: who.FullName, Since: s.now()}, nil
}

// LeaveCounter stands who up from their counter, if any.
func (s *Store) LeaveCounter(ctx context.Context, who user.User) error {
	return s.tx(ctx, func(tx *txn) error {
		_, err := tx.ExecContext(ctx, s.q.get("desk-leave"), who.ID)
		return err
	})
}

// DeskOf returns the counter a user sits at.
func (s *Store) DeskOf(ctx context.Context, userID int64) (Desk, bool, error) {
	d, err := scanDesk(s.read.QueryRowContext(ctx, s.q.get("desk-of-user"), userID))
	if errors.Is(err, sql.ErrNoRows) {
		return Desk{}, false, nil
	}
	return d, err == nil, err
}

// DeskAt returns who sits at a counter.
func (s *Store) DeskAt(ctx context.Context, unit, counter string) (Desk, bool, error) {
	return s.deskAt(ctx, s.read, unit, counter)
}

func (s *Store) deskAt(ctx context.Context, q queryer, unit, counter string) (Desk, bool, error) {
	d, err := scanDesk(q.QueryRowContext(ctx, s.q.get("desk-at"), unit, counter))
	if errors.Is(err, sql.ErrNoRows) {
		return Desk{}, false, nil
	}
	return d, err == nil, err
}

// Desks lists who sits at the counters of the units who works at (an administrator: every unit).
func (s *Store) Desks(ctx context.Context, who user.User) ([]Desk, error) {
	return all[Desk](s.read.QueryContext(ctx, s.q.get("desk-list"), who.ID))(scanDesk)
}

// Handled is the dossier an officer at a counter handled last: the one the kiosk asks about.
type Handled struct {
	DossierID     int64
	Code          string
	ProcedureName string
	Action        workflow.Action
	At            time.Time
	Rated         bool // already rated at the kiosk
}

// KioskWindow is how long after handling a dossier the kiosk still asks about it.
const KioskWindow = 30 * time.Minute

// LastHandled returns the dossier the officer at a counter last took in, refused, asked papers for
// or returned, since they sat down and within KioskWindow.
func (s *Store) LastHandled(ctx context.Context, unit, counter string) (Desk, Handled, bool, error) {
	return s.lastHandled(ctx, s.read, unit, counter, s.now())
}

func (s *Store) lastHandled(ctx context.Context, q queryer, unit, counter string, now time.Time) (Desk, Handled, bool, error) {
	desk, ok, err := s.deskAt(ctx, q, unit, counter)
	if err != nil || !ok {
		return desk, Handled{}, false, err
	}
	var h Handled
	var action string
	var at int64
	err = q.QueryRowContext(ctx, s.q.get("desk-last-handled"), desk.UserID, ms(desk.Since), ms(now.Add(-KioskWindow)), unit).
		Scan(&h.DossierID, &h.Code, &h.ProcedureName, &action, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return desk, Handled{}, false, nil
	}
	if err != nil {
		return desk, Handled{}, false, err
	}
	h.Action, h.At = workflow.Action(action), fromMS(at)
	var n int
	if err := q.QueryRowContext(ctx, s.q.get("rating-count-dossier-channel"), h.DossierID, string(RatingKiosk)).Scan(&n); err != nil {
		return desk, Handled{}, false, err
	}
	h.Rated = n > 0
	return desk, h, true, nil
}

// KioskKey is a counter that has a kiosk key, for the page that manages them.
type KioskKey struct {
	UnitCode  string
	Counter   string
	CreatedAt time.Time
	CreatedBy string
}

// NewKioskKey makes the device key of a counter's kiosk, replacing any earlier one (the old
// tablet stops working). Only its hash is kept: the caller shows the key once. An administrator
// or a centre manager of the unit may.
func (s *Store) NewKioskKey(ctx context.Context, who user.User, unit, counter string) (string, error) {
	key, hash, err := user.NewToken()
	if err != nil {
		return "", err
	}
	key = "kiosk_" + strings.TrimPrefix(key, "mc_")
	hash = user.HashToken(key)
	err = s.tx(ctx, func(tx *txn) error {
		if err := s.mayManageKiosk(ctx, tx, who, unit, counter); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, s.q.get("kiosk-key-delete"), unit, counter); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, s.q.get("kiosk-key-insert"), unit, counter, hash, ms(s.now()), who.ID)
		return err
	})
	if err != nil {
		return "", fmt.Errorf("new kiosk key: %w", err)
	}
	return key, nil
}

// RevokeKioskKey removes a counter's kiosk key.
func (s *Store) RevokeKioskKey(ctx context.Context, who user.User, unit, counter string) error {
	return s.tx(ctx, func(tx *txn) error {
		if err := s.mayManageKiosk(ctx, tx, who, unit, counter); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, s.q.get("kiosk-key-delete"), unit, counter)
		return err
	})
}

func (s *Store) mayManageKiosk(ctx context.Context, tx *txn, who user.User, unit, counter string) error {
	var n int
	if err := tx.QueryRowContext(ctx, s.q.get("kiosk-key-may"), who.ID, unit).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return motcua.Errorf(motcua.EFORBIDDEN, "forbidden_kiosk", "only an administrator or a centre manager of unit %s manages its kiosks", unit)
	}
	u, err := s.unit(ctx, tx, unit)
	if err != nil {
		return err
	}
	if !slices.Contains(u.Counters, counter) {
		return motcua.FieldError("counter", "unknown_counter", "unit %s has no counter %q", unit, counter)
	}
	return nil
}

// CheckKioskKey reports whether key is the kiosk key of the counter.
func (s *Store) CheckKioskKey(ctx context.Context, unit, counter, key string) (bool, error) {
	if key == "" {
		return false, nil
	}
	var n int
	err := s.read.QueryRowContext(ctx, s.q.get("kiosk-key-check"), unit, counter, user.HashToken(key)).Scan(&n)
	return n > 0, err
}

// KioskKeys lists the counters with a kiosk key that who manages.
func (s *Store) KioskKeys(ctx context.Context, who user.User) ([]KioskKey, error) {
	rows, err := s.read.QueryContext(ctx, s.q.get("kiosk-key-list"), who.ID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []KioskKey
	for rows.Next() {
		var k KioskKey
		var at int64
		if err := rows.Scan(&k.UnitCode, &k.Counter, &at, &k.CreatedBy); err != nil {
			return nil, err
		}
		k.CreatedAt = fromMS(at)
		out = append(out, k)
	}
	return out, rows.Err()
}
