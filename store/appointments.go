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
	"github.com/motcua/motcua/calendar"
	"github.com/motcua/motcua/user"
	"github.com/motcua/motcua/workflow"
)

// Appointment statuses.
const (
	AppointmentBooked    = "booked"
	AppointmentDone      = "done"
	AppointmentCancelled = "cancelled"
)

// AppointmentSlots are the times of day an officer can come, inside office sessions.
var AppointmentSlots = []string{"08:00-10:00", "10:00-11:30", "13:30-15:30", "15:30-17:00"}

// Booking bounds: how far ahead, and how many open bookings one phone number may hold (a public
// form must not be a way to flood a unit's list).
const (
	AppointmentHorizonDays = 30
	MaxOpenAppointments    = 3
)

// Appointment is a citizen's request for an officer to take a dossier in at home.
type Appointment struct {
	ID            int64
	Ref           string
	ProcedureCode string
	ProcedureName string
	UnitCode      string
	UnitName      string
	Name          string
	Phone         string
	Address       string
	Note          string
	Day           calendar.Date
	Slot          string
	Status        string
	CitizenID     int64
	CreatedAt     time.Time
	HandledBy     string
	HandledAt     *time.Time
	DossierCode   string
}

// AppointmentDays lists the days an appointment can be booked for now: working days after today,
// within the horizon.
func (s *Store) AppointmentDays(ctx context.Context) ([]calendar.Date, error) {
	cal, err := s.Calendar(ctx)
	if err != nil {
		return nil, err
	}
	today := calendar.DateOf(s.now())
	var out []calendar.Date
	for i := 1; i <= AppointmentHorizonDays; i++ {
		if d := today.AddDays(i); cal.IsWorkingDay(d) {
			out = append(out, d)
		}
	}
	return out, nil
}

// BookAppointment books an at-home visit. Anybody may, signed in or not; a signed-in citizen's
// account is kept with it. The procedure must be implemented by the unit, the day a working day
// after today within the horizon.
func (s *Store) BookAppointment(ctx context.Context, who user.User, a Appointment) (Appointment, error) {
	a.Name, a.Address, a.Note = strings.TrimSpace(a.Name), strings.TrimSpace(a.Address), strings.TrimSpace(a.Note)
	raw := strings.TrimSpace(a.Phone)
	phone, ok := NormalisePhone(raw)
	switch {
	case a.ProcedureCode == "":
		return a, motcua.FieldError("procedure_code", "required", "choose the procedure")
	case a.Name == "":
		return a, motcua.FieldError("name", "required", "the name is required")
	case len(a.Name) > 200:
		return a, motcua.FieldError("name", "too_long", "the name is too long")
	case raw == "":
		return a, motcua.FieldError("phone", "required", "the phone number is required")
	case !ok:
		return a, motcua.FieldError("phone", "invalid_phone", "not a Vietnamese phone number")
	case a.Address == "":
		return a, motcua.FieldError("address", "required", "the address is required")
	case len(a.Address) > 500:
		return a, motcua.FieldError("address", "too_long", "the address is too long")
	case len(a.Note) > 1000:
		return a, motcua.FieldError("note", "too_long", "the note is too long")
	case a.Day.IsZero():
		return a, motcua.FieldError("day", "required", "choose a day")
	case !slices.Contains(AppointmentSlots, a.Slot):
		return a, motcua.FieldError("slot", "invalid_slot", "choose a time of day")
	}
	a.Phone = phone
	days, err := s.AppointmentDays(ctx)
	if err != nil {
		return a, err
	}
	if !slices.Contains(days, a.Day) {
		return a, motcua.FieldError("day", "not_working_day", "%s is not a working day in the next %d days", a.Day, AppointmentHorizonDays)
	}
	if who.Has(workflow.Citizen) {
		a.CitizenID = who.ID
	}
	err = s.tx(ctx, func(tx *txn) error {
		p, err := s.procedureCurrent(ctx, tx, a.ProcedureCode)
		if err != nil {
			return err
		}
		if a.UnitCode == "" && len(p.UnitCodes) == 1 {
			a.UnitCode = p.UnitCodes[0]
		}
		if !p.Implements(a.UnitCode) {
			return motcua.FieldError("unit_code", "not_implementing_unit", "choose a unit that handles this procedure")
		}
		a.ProcedureName = p.Name
		var open int
		if err := tx.QueryRowContext(ctx, s.q.get("appointment-count-phone"), a.Phone, calendar.DateOf(s.now()).String()).Scan(&open); err != nil {
			return err
		}
		if open >= MaxOpenAppointments {
			return motcua.FieldError("phone", "too_many_appointments", "this phone number already has %d open appointments", open)
		}
		a.Ref, a.Status, a.CreatedAt = "LH-"+newSecret()[:8], AppointmentBooked, s.now()
		var citizen any
		if a.CitizenID != 0 {
			citizen = a.CitizenID
		}
		return tx.QueryRowContext(ctx, s.q.get("appointment-insert"), a.Ref, a.ProcedureCode, a.ProcedureName, a.UnitCode,
			a.Name, a.Phone, a.Address, a.Note, a.Day.String(), a.Slot, citizen, ms(a.CreatedAt)).Scan(&a.ID)
	})
	if err != nil {
		return a, fmt.Errorf("book appointment: %w", err)
	}
	return a, nil
}

// AppointmentFilter narrows the officers' list; zero values mean any.
type AppointmentFilter struct {
	Status   string
	From, To calendar.Date
	Limit    int
}

// Appointments lists the appointments of the units who works at, by day and slot.
func (s *Store) Appointments(ctx context.Context, who user.User, f AppointmentFilter) ([]Appointment, error) {
	if f.Limit <= 0 || f.Limit > MaxLimit {
		f.Limit = 200
	}
	day := func(d calendar.Date) string {
		if d.IsZero() {
			return ""
		}
		return d.String()
	}
	return all[Appointment](s.read.QueryContext(ctx, s.q.get("appointment-list"), who.ID, f.Status, day(f.From), day(f.To), f.Limit))(scanAppointment)
}

// Appointment returns one appointment of a unit who works at.
func (s *Store) Appointment(ctx context.Context, who user.User, id int64) (Appointment, error) {
	a, err := scanAppointment(s.read.QueryRowContext(ctx, s.q.get("appointment-get"), who.ID, id))
	if errors.Is(err, sql.ErrNoRows) {
		return a, motcua.Errorf(motcua.ENOTFOUND, "appointment_not_found", "no appointment %d at your units", id)
	}
	return a, err
}

// AppointmentByRef returns an appointment by the reference its booker was given.
func (s *Store) AppointmentByRef(ctx context.Context, ref string) (Appointment, error) {
	a, err := scanAppointment(s.read.QueryRowContext(ctx, s.q.get("appointment-by-ref"), ref))
	if errors.Is(err, sql.ErrNoRows) {
		return a, motcua.Errorf(motcua.ENOTFOUND, "appointment_not_found", "no appointment %s", ref)
	}
	return a, err
}

// SetAppointmentStatus marks an open appointment done or cancelled: an intake officer or a
// centre manager of its unit may.
func (s *Store) SetAppointmentStatus(ctx context.Context, who user.User, id int64, status string) error {
	if status != AppointmentDone && status != AppointmentCancelled {
		return motcua.FieldError("status", "invalid_status", "status must be done or cancelled")
	}
	return s.tx(ctx, func(tx *txn) error {
		res, err := tx.ExecContext(ctx, s.q.get("appointment-set-status"), who.ID, id, status, ms(s.now()), "")
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return motcua.Errorf(motcua.ECONFLICT, "appointment_closed", "appointment %d is not open, or not at a unit where you may close it", id)
		}
		return nil
	})
}

func scanAppointment(r scanner) (Appointment, error) {
	var a Appointment
	var day string
	var created int64
	var handled sql.NullInt64
	err := r.Scan(&a.ID, &a.Ref, &a.ProcedureCode, &a.ProcedureName, &a.UnitCode, &a.UnitName, &a.Name, &a.Phone,
		&a.Address, &a.Note, &day, &a.Slot, &a.Status, &a.CitizenID, &created, &a.HandledBy, &handled, &a.DossierCode)
	if err != nil {
		return a, err
	}
	a.Day, _ = calendar.ParseDate(day)
	a.CreatedAt, a.HandledAt = fromMS(created), fromNullMS(handled)
	return a, nil
}
