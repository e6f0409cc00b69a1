package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"net/mail"
	"strings"
	"time"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/calendar"
	"github.com/motcua/motcua/catalog"
	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/user"
	"github.com/motcua/motcua/workflow"
)

// NewDossier is what a citizen submits or an intake officer enters at the counter.
type NewDossier struct {
	ProcedureCode     string            `json:"procedure_code"`
	UnitCode          string            `json:"unit_code"`
	CompetentUnitCode string            `json:"competent_unit_code,omitempty"`
	Channel           catalog.Channel   `json:"channel"`
	Applicant         dossier.Applicant `json:"applicant"`
	Summary           string            `json:"summary"`
}

func (n *NewDossier) validate() error {
	switch {
	case n.ProcedureCode == "":
		return motcua.FieldError("procedure_code", "required", "procedure_code is required")
	case n.UnitCode == "":
		return motcua.FieldError("unit_code", "required", "unit_code is required")
	case !n.Channel.Valid():
		return motcua.FieldError("channel", "invalid_channel", "channel must be online, counter or post")
	case strings.TrimSpace(n.Applicant.Name) == "":
		return motcua.FieldError("applicant.name", "required", "the applicant's name is required")
	case len(n.Applicant.Name) > 200 || len(n.Summary) > 2000 || len(n.Applicant.Address) > 500:
		return motcua.FieldError("applicant.name", "too_long", "a text field is too long")
	}
	if n.Applicant.Type == 0 {
		n.Applicant.Type = 1
	}
	if n.Applicant.Type < 1 || n.Applicant.Type > 4 {
		return motcua.FieldError("applicant.type", "invalid_applicant_type", "applicant type must be 1–4")
	}
	if n.Applicant.Email != "" {
		if _, err := mail.ParseAddress(n.Applicant.Email); err != nil {
			return motcua.FieldError("applicant.email", "invalid_email", "not an email address")
		}
	}
	for _, r := range n.Applicant.Phone {
		if !strings.ContainsRune("0123456789+ .-", r) {
			return motcua.FieldError("applicant.phone", "invalid_phone", "not a phone number")
		}
	}
	return nil
}

// CreateDossier creates a dossier: a citizen submits online or by post (status 1, owned by them);
// an intake officer of the receiving unit may also enter one at the counter (status 2, received).
func (s *Store) CreateDossier(ctx context.Context, who user.User, in NewDossier) (dossier.Dossier, error) {
	if err := in.validate(); err != nil {
		return dossier.Dossier{}, err
	}
	var d dossier.Dossier
	err := s.tx(ctx, func(tx *txn) error {
		var err error
		d, err = s.createDossier(ctx, tx, who, in, s.now())
		return err
	})
	if err != nil {
		return dossier.Dossier{}, fmt.Errorf("create dossier: %w", err)
	}
	return d, nil
}

func (s *Store) createDossier(ctx context.Context, tx *txn, who user.User, in NewDossier, now time.Time) (dossier.Dossier, error) {
	var d dossier.Dossier
	err := func() error {
		p, err := s.procedureCurrent(ctx, tx, in.ProcedureCode)
		if err != nil {
			return err
		}
		recv, err := s.unit(ctx, tx, in.UnitCode)
		if err != nil {
			return motcua.FieldError("unit_code", "unknown_unit", "unknown unit %s", in.UnitCode)
		}
		if !recv.ActiveAt(now) {
			return motcua.FieldError("unit_code", "unit_dissolved", "unit %s is not in service", in.UnitCode)
		}
		if in.CompetentUnitCode != "" && in.CompetentUnitCode != in.UnitCode {
			comp, err := s.unit(ctx, tx, in.CompetentUnitCode)
			if err != nil {
				return motcua.FieldError("competent_unit_code", "unknown_unit", "unknown unit %s", in.CompetentUnitCode)
			}
			if !comp.ActiveAt(now) {
				return motcua.FieldError("competent_unit_code", "unit_dissolved", "unit %s is not in service", in.CompetentUnitCode)
			}
		}
		if in.CompetentUnitCode == "" {
			if !p.Implements(in.UnitCode) {
				return motcua.FieldError("competent_unit_code", "competent_unit_required",
					"unit %s does not implement %s: name the competent unit", in.UnitCode, p.Code)
			}
			in.CompetentUnitCode = in.UnitCode
		} else if !p.Implements(in.CompetentUnitCode) {
			return motcua.FieldError("competent_unit_code", "not_implementing_unit",
				"unit %s does not implement procedure %s", in.CompetentUnitCode, p.Code)
		}
		if !p.AcceptsChannel(in.Channel) {
			return motcua.FieldError("channel", "channel_not_offered", "procedure %s is not offered through %s", p.Code, in.Channel)
		}
		var owner int64
		switch {
		case has(who.RolesAt(in.UnitCode), workflow.IntakeOfficer):
		case who.Has(workflow.Citizen) && in.Channel != catalog.InPerson:
			owner = who.ID
		default:
			return motcua.Errorf(motcua.EFORBIDDEN, "forbidden_create", "only the applicant (online, by post) or an intake officer of the unit may create a dossier")
		}
		clk, err := s.clock(ctx, tx, in.UnitCode)
		if err != nil {
			return err
		}
		legal, _ := p.TimeFor(in.Channel)
		tpl := p.Process(legal, clk.Sessions.Daily())
		seed := dossier.Dossier{UnitCode: in.UnitCode, CompetentUnit: in.CompetentUnitCode, Channel: in.Channel,
			Applicant: in.Applicant, OwnerID: owner, Summary: in.Summary}
		var ev dossier.Event
		d, ev = dossier.New(p, tpl, seed, dossier.Who{ID: who.ID, Name: who.Username}, now, clk)
		if d.Code, err = s.nextCode(ctx, tx, in.UnitCode, now); err != nil {
			return err
		}
		d.TrackingSecret = newSecret()
		if d.ID, err = s.insertDossier(ctx, tx, &d); err != nil {
			return err
		}
		if in.Channel == catalog.InPerson {
			ev.Note = "Tiếp nhận hồ sơ tại bộ phận một cửa"
		} else {
			ev.Note = "Nộp hồ sơ qua kênh " + string(in.Channel)
		}
		if err := s.insertEvent(ctx, tx, d.ID, &ev); err != nil {
			return err
		}
		if !s.statsOff {
			var ops statOps
			s.keepStats(&d, false, false, dueRow{}, "", clk, 0, now, &ops)
			if d.ReceivedAt != nil {
				keepDigitalReceipt(&d, 0, &ops) // no file yet
			}
			if err := s.recordStats(ctx, tx, ops, now); err != nil {
				return err
			}
		}
		if err := s.enqueueNotices(ctx, tx, &d, &ev); err != nil {
			return err
		}
		d.History = []dossier.Event{ev}
		return nil
	}()
	return d, err
}

func has(rs []workflow.Role, r workflow.Role) bool {
	for _, x := range rs {
		if x == r {
			return true
		}
	}
	return false
}

// nextCode assigns {agency code}-{yyMMdd}-{NNNN}: a per-unit, per-day sequence, four digits and
// growing past 9999 rather than failing.
func (s *Store) nextCode(ctx context.Context, tx *txn, unit string, now time.Time) (string, error) {
	day := now.In(calendar.Zone).Format("060102")
	var n int
	if err := tx.QueryRowContext(ctx, s.q.get("sequence-next"), unit, day).Scan(&n); err != nil {
		return "", fmt.Errorf("next dossier number: %w", err)
	}
	return fmt.Sprintf("%s-%s-%04d", unit, day, n), nil
}

// The secret is short enough to type from a paper receipt and long enough not to be guessed:
// 10 characters of an alphabet without look-alikes, about 50 bits.
const secretAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"

func newSecret() string {
	b := make([]byte, 10)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand does not fail on supported platforms
	}
	for i := range b {
		b[i] = secretAlphabet[int(b[i])%len(secretAlphabet)]
	}
	return string(b)
}

// Act takes one action on a dossier for who, in one transaction: the dossier row with its version
// check and the event, or nothing.
func (s *Store) Act(ctx context.Context, who user.User, code string, req dossier.Request) (dossier.Dossier, error) {
	err := s.tx(ctx, func(tx *txn) error {
		_, err := s.act(ctx, tx, who, code, req, s.now())
		return err
	})
	if err != nil {
		return dossier.Dossier{}, fmt.Errorf("%s dossier %s: %w", req.Action, code, err)
	}
	// Not through the visibility check: an action may rightly take the dossier out of the
	// actor's sight (a transfer returned, a step handed to another unit), and they still get
	// the answer to what they did.
	d, err := s.DossierByCode(ctx, code)
	if err != nil {
		return d, err
	}
	d.History, err = s.events(ctx, s.read, d.ID)
	return d, err
}

func (s *Store) act(ctx context.Context, tx *txn, who user.User, code string, req dossier.Request, now time.Time) (dossier.Dossier, error) {
	d, err := s.visibleDossier(ctx, tx, who, code)
	if err != nil {
		return d, err
	}
	actor := dossier.Who{ID: who.ID, Name: who.Username, Roles: workflow.Actor{
		StepRoles:      who.RolesAt(d.StepUnit),
		ReceivingRoles: who.RolesAt(d.UnitCode),
		Applicant:      d.OwnerID != 0 && d.OwnerID == who.ID,
	}}
	err = s.apply(ctx, tx, &d, actor, req, now, nil)
	return d, err
}

// apply takes one action on d (already read in tx) for actor: the dossier row with its version
// check, the payment order the action opens or settles, and the event with extra added to its
// payload.
func (s *Store) apply(ctx context.Context, tx *txn, d *dossier.Dossier, actor dossier.Who, req dossier.Request, now time.Time, extra map[string]any) error {
	p, err := s.procedureVersion(ctx, tx, d.ProcedureCode, d.ProcedureVersion)
	if err != nil {
		return err
	}
	clk, err := s.clock(ctx, tx, d.UnitCode)
	if err != nil {
		return err
	}
	tpl := p.Process(d.LegalTime, clk.Sessions.Daily())
	// A transfer goes only to a unit in service.
	exists := func(code string) bool { u, err := s.unit(ctx, tx, code); return err == nil && u.ActiveAt(now) }
	var pol dossier.Policy
	// Reschedules are limited by a policy, and finishing is classified by one.
	if req.Action == workflow.Reschedule || (req.Action == workflow.Forward && d.Step == len(tpl.Steps)-2) {
		if pol, err = s.policy(ctx, tx, now); err != nil {
			return err
		}
	}
	before, from, fromStep, stepUnit := d.Version, d.Status, d.Step, d.StepUnit
	wasReceived, wasFinished, dueBefore := d.ReceivedAt != nil, d.FinishedAt != nil, dueRowOf(d)
	var left stepLeft
	if fromStep >= 0 && fromStep < len(tpl.Steps) {
		left = stepLeft{step: tpl.Steps[fromStep], unit: stepUnit, started: d.StepReceivedAt, due: d.StepDueAt,
			received: wasReceived && (from == workflow.Received || from == workflow.Processing)}
	}
	ev, err := dossier.Apply(d, tpl, req, actor, now, clk, pol, exists)
	if err != nil {
		return actionError(err)
	}
	// Returning online is handing over the electronic result: there must be one, signed when a
	// step signs it.
	if req.Action == workflow.ReturnResult && req.How == "online" {
		if extra, err = s.onlineResult(ctx, tx, d, tpl, extra); err != nil {
			return err
		}
	}
	// Completing a step that signs signs the result, or the step is not completed.
	if req.Action == workflow.Forward && fromStep < len(tpl.Steps) && tpl.Steps[fromStep].Sign != "" {
		signed, err := s.signResult(ctx, tx, d, tpl.Steps[fromStep], stepUnit, actor, now)
		if err != nil {
			return err
		}
		if signed != nil {
			extra = maps.Clone(extra)
			if extra == nil {
				extra = map[string]any{}
			}
			maps.Copy(extra, signed)
		}
	}
	res, err := tx.ExecContext(ctx, s.q.get("dossier-update"), updateArgs(d, before)...)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return motcua.Errorf(motcua.ECONFLICT, "stale_version", "dossier %s has changed since version %d", d.Code, req.Version)
	}
	ref, err := s.paymentBookkeeping(ctx, tx, d, from, req, actor, now)
	if err != nil {
		return err
	}
	if ref != "" || len(extra) > 0 {
		if ev.Payload == nil {
			ev.Payload = map[string]any{}
		}
		if ref != "" {
			ev.Payload["payment_ref"] = ref
		}
		maps.Copy(ev.Payload, extra)
	}
	if err := s.insertEvent(ctx, tx, d.ID, &ev); err != nil {
		return err
	}
	if !s.statsOff {
		var ops statOps
		var past []dossier.Event // of a dossier solved now: its supplements and pauses
		if solvedNow(d, wasFinished) {
			if past, err = s.events(ctx, tx, d.ID); err != nil {
				return err
			}
			keepRoundStats(d, past, &ops)
		}
		s.keepStats(d, wasReceived, wasFinished, dueBefore, req.Action, clk, dossier.PausedTime(past), now, &ops)
		if !wasReceived && d.ReceivedAt != nil {
			bits, err := s.digitalBits(ctx, tx, d.ID)
			if err != nil {
				return err
			}
			keepDigitalReceipt(d, bits, &ops)
		}
		if err := s.keepStepStats(ctx, tx, d, left, req.Action, tpl, clk, now, &ops); err != nil {
			return err
		}
		if err := s.recordStats(ctx, tx, ops, now); err != nil {
			return err
		}
	}
	return s.enqueueNotices(ctx, tx, d, &ev)
}

func actionError(err error) error {
	var ref *workflow.Refusal
	var inv *dossier.InvalidError
	switch {
	case errors.Is(err, dossier.ErrStale):
		return motcua.Errorf(motcua.ECONFLICT, "stale_version", "%v", err)
	case errors.As(err, &ref) && ref.Kind == workflow.NotYourRole:
		return motcua.Errorf(motcua.EFORBIDDEN, "role_not_allowed", "%v", err)
	case errors.As(err, &ref):
		return motcua.Errorf(motcua.ECONFLICT, "action_not_allowed", "%v", err)
	case errors.As(err, &inv):
		// A field left empty is "required", as when creating a dossier; a bad value is "invalid_field".
		key := "invalid_field"
		if inv.Missing {
			key = "required"
		}
		return &motcua.Error{Code: motcua.EINVALID, Key: key, Field: inv.Field, Message: inv.Message}
	}
	return err
}

// Dossier returns a dossier with its history, if who may see it.
func (s *Store) Dossier(ctx context.Context, who user.User, code string) (dossier.Dossier, error) {
	d, err := s.visibleDossier(ctx, s.read, who, code)
	if err != nil {
		return d, err
	}
	d.History, err = s.events(ctx, s.read, d.ID)
	return d, err
}

// Track returns a dossier for public tracking by its code and tracking secret.
func (s *Store) Track(ctx context.Context, code, secret string) (dossier.Dossier, error) {
	d, err := scanDossier(s.read.QueryRowContext(ctx, s.q.get("dossier-public"), code, secret))
	if errors.Is(err, sql.ErrNoRows) || secret == "" {
		return d, motcua.Errorf(motcua.ENOTFOUND, "dossier_not_found", "no dossier %s with that secret", code)
	}
	if err != nil {
		return d, err
	}
	d.History, err = s.events(ctx, s.read, d.ID)
	return d, err
}

// DossierByCode returns a dossier without an authorisation check, for internal jobs (demo, bench).
func (s *Store) DossierByCode(ctx context.Context, code string) (dossier.Dossier, error) {
	d, err := scanDossier(s.read.QueryRowContext(ctx, s.q.get("dossier-by-code"), code))
	if errors.Is(err, sql.ErrNoRows) {
		return d, motcua.Errorf(motcua.ENOTFOUND, "dossier_not_found", "no dossier %s", code)
	}
	return d, err
}

func (s *Store) visibleDossier(ctx context.Context, q queryer, who user.User, code string) (dossier.Dossier, error) {
	d, err := scanDossier(q.QueryRowContext(ctx, s.q.get("dossier-by-code-visible"), code, who.ID))
	if errors.Is(err, sql.ErrNoRows) {
		return d, motcua.Errorf(motcua.ENOTFOUND, "dossier_not_found", "no dossier %s visible to you", code)
	}
	return d, err
}

func (s *Store) procedureCurrent(ctx context.Context, q queryer, code string) (*catalog.Procedure, error) {
	var cur int
	err := q.QueryRowContext(ctx, s.q.get("procedure-current-version"), code).Scan(&cur)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, motcua.FieldError("procedure_code", "unknown_procedure", "unknown procedure %s", code)
	}
	if err != nil {
		return nil, err
	}
	return s.procedureVersion(ctx, q, code, cur)
}

func (s *Store) insertDossier(ctx context.Context, tx *txn, d *dossier.Dossier) (int64, error) {
	applicant, _ := json.Marshal(d.Applicant)
	legal, _ := json.Marshal(d.LegalTime)
	actUnit, actRole := d.ActingUnitRole()
	var owner any
	if d.OwnerID != 0 {
		owner = d.OwnerID
	}
	var id int64
	err := tx.QueryRowContext(ctx, s.q.get("dossier-insert"), d.Code, d.TrackingSecret, d.ProcedureCode,
		d.ProcedureVersion, d.ProcedureName, d.UnitCode, d.CompetentUnit, string(d.Channel), string(applicant),
		d.Applicant.IDNumber, owner, d.Summary, string(legal), int(d.Status), int(d.PrevStatus), d.Version,
		d.Step, d.StepKey, d.StepName, string(d.StepRole), d.StepUnit, ms(d.StepReceivedAt), msPtr(d.StepDueAt),
		d.TransferFromUnit, ms(d.CreatedAt), msPtr(d.ReceivedAt), msPtr(d.DueAt), msPtr(d.FinishedAt),
		msPtr(d.ReturnedAt), msPtr(d.PausedAt), d.Reschedules, d.ReturnMethod, nullString(actUnit),
		nullString(string(actRole)), ms(d.UrgentAt())).Scan(&id)
	return id, err
}

func updateArgs(d *dossier.Dossier, before int) []any {
	actUnit, actRole := d.ActingUnitRole()
	return []any{d.ID, before, int(d.Status), int(d.PrevStatus), d.Version, d.Step, d.StepKey, d.StepName,
		string(d.StepRole), d.StepUnit, ms(d.StepReceivedAt), msPtr(d.StepDueAt), d.TransferFromUnit,
		msPtr(d.ReceivedAt), msPtr(d.DueAt), msPtr(d.FinishedAt), msPtr(d.ReturnedAt), msPtr(d.PausedAt),
		d.Reschedules, d.ReturnMethod, nullString(actUnit), nullString(string(actRole)), ms(d.UrgentAt()), string(d.FinishClass)}
}

func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func scanDossier(r scanner) (dossier.Dossier, error) {
	var d dossier.Dossier
	var applicant, legal, channel, role string
	var owner, stepDue, received, due, finished, returned, paused sql.NullInt64
	var stepReceived, created int64
	var status, prev int
	var finishClass string
	err := r.Scan(&d.ID, &d.Code, &d.TrackingSecret, &d.ProcedureCode, &d.ProcedureVersion, &d.ProcedureName,
		&d.UnitCode, &d.CompetentUnit, &channel, &applicant, &owner, &d.Summary, &legal,
		&status, &prev, &d.Version, &d.Step, &d.StepKey, &d.StepName, &role, &d.StepUnit,
		&stepReceived, &stepDue, &d.TransferFromUnit, &created, &received, &due,
		&finished, &returned, &paused, &d.Reschedules, &d.ReturnMethod, &finishClass)
	if err != nil {
		return d, err
	}
	d.Channel, d.StepRole, d.FinishClass = catalog.Channel(channel), workflow.Role(role), dossier.Timeliness(finishClass)
	d.Status, d.PrevStatus = workflow.Status(status), workflow.Status(prev)
	d.OwnerID = owner.Int64
	d.StepReceivedAt, d.CreatedAt = fromMS(stepReceived), fromMS(created)
	d.StepDueAt, d.ReceivedAt, d.DueAt = fromNullMS(stepDue), fromNullMS(received), fromNullMS(due)
	d.FinishedAt, d.ReturnedAt, d.PausedAt = fromNullMS(finished), fromNullMS(returned), fromNullMS(paused)
	if err := json.Unmarshal([]byte(applicant), &d.Applicant); err != nil {
		return d, fmt.Errorf("dossier %s applicant: %w", d.Code, err)
	}
	if err := json.Unmarshal([]byte(legal), &d.LegalTime); err != nil {
		return d, fmt.Errorf("dossier %s legal time: %w", d.Code, err)
	}
	return d, nil
}

func (s *Store) insertEvent(ctx context.Context, tx *txn, dossierID int64, ev *dossier.Event) error {
	var payload any
	if len(ev.Payload) > 0 {
		b, err := json.Marshal(ev.Payload)
		if err != nil {
			return err
		}
		payload = string(b)
	}
	var actor any
	if ev.ActorID != 0 {
		actor = ev.ActorID
	}
	_, err := tx.ExecContext(ctx, s.q.get("event-insert"), dossierID, ms(ev.At), actor, ev.Actor, string(ev.Action),
		int(ev.From), int(ev.To), ev.Step, ev.StepUnit, ev.Note, payload)
	return err
}

func (s *Store) events(ctx context.Context, q queryer, dossierID int64) ([]dossier.Event, error) {
	rows, err := q.QueryContext(ctx, s.q.get("event-list"), dossierID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []dossier.Event
	for rows.Next() {
		var ev dossier.Event
		var at int64
		var action string
		var from, to int
		var payload sql.NullString
		if err := rows.Scan(&ev.ID, &at, &ev.ActorID, &ev.Actor, &action, &from, &to, &ev.Step, &ev.StepUnit, &ev.Note, &payload); err != nil {
			return nil, err
		}
		ev.At, ev.Action, ev.From, ev.To = fromMS(at), workflow.Action(action), workflow.Status(from), workflow.Status(to)
		if payload.Valid {
			_ = json.Unmarshal([]byte(payload.String), &ev.Payload)
		}
		out = append(out, ev)
	}
	return out, rows.Err()
}
