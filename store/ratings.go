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
	"github.com/motcua/motcua/user"
	"github.com/motcua/motcua/workflow"
)

// RatingChannel is where a citizen rated a dossier's service.
type RatingChannel string

const (
	RatingKiosk  RatingChannel = "kiosk"  // the tablet on the counter
	RatingOnline RatingChannel = "online" // the citizen's pages
)

// The simple rating of Circular 01/2018 (DOMAIN.md §9), per dossier and per officer.
const (
	NotSatisfied  = 1 // không hài lòng
	Satisfied     = 2 // hài lòng
	VerySatisfied = 3 // rất hài lòng
)

// RatingReasons are the reasons a citizen may pick for "not satisfied"; Comment carries free text.
var RatingReasons = []string{"waiting", "attitude", "guidance", "papers", "other"}

// Rating is one citizen's rating of one dossier's service, at most one per dossier and channel.
type Rating struct {
	DossierCode string
	Channel     RatingChannel
	Value       int    // NotSatisfied, Satisfied or VerySatisfied
	Reason      string // one of RatingReasons, or ""
	Comment     string
	OfficerID   int64 // the officer rated: at the counter, or who returned the result
	UnitCode    string
	Counter     string // kiosk ratings only
	At          time.Time
}

// MaxRatingComment bounds the free text of a rating.
const MaxRatingComment = 1000

func validateRating(value int, reason, comment string) error {
	if value < NotSatisfied || value > VerySatisfied {
		return motcua.FieldError("value", "invalid_rating", "a rating is 1 (not satisfied), 2 (satisfied) or 3 (very satisfied)")
	}
	if reason != "" && !slices.Contains(RatingReasons, reason) {
		return motcua.FieldError("reason", "invalid_reason", "reason must be one of %s", strings.Join(RatingReasons, ", "))
	}
	if len(comment) > MaxRatingComment {
		return motcua.FieldError("comment", "too_long", "the comment is longer than %d bytes", MaxRatingComment)
	}
	return nil
}

// AlreadyRated tells whether err says the dossier was already rated through that channel.
func AlreadyRated(err error) bool {
	var e *motcua.Error
	return errors.As(err, &e) && e.Key == "already_rated"
}

func alreadyRated(code string, ch RatingChannel) error {
	return motcua.Errorf(motcua.ECONFLICT, "already_rated", "dossier %s was already rated (%s)", code, ch)
}

// RateDossier records the online rating of a returned dossier (status 10) by its applicant: the
// citizen account that submitted it, or a citizen whose ID number it was filed with. The officer
// rated is the one who returned the result. r.Channel, r.OfficerID, r.UnitCode and r.Counter are
// ignored. A second rating is refused (AlreadyRated).
func (s *Store) RateDossier(ctx context.Context, who user.User, code string, r Rating) (Rating, error) {
	r.Reason, r.Comment = strings.TrimSpace(r.Reason), strings.TrimSpace(r.Comment)
	if err := validateRating(r.Value, r.Reason, r.Comment); err != nil {
		return Rating{}, err
	}
	r.DossierCode, r.Channel, r.Counter = code, RatingOnline, ""
	err := s.tx(ctx, func(tx *txn) error {
		var id, officer int64
		var status int
		err := tx.QueryRowContext(ctx, s.q.get("rating-dossier-online"), code, who.ID, who.IDNumber).Scan(&id, &status, &r.UnitCode, &officer)
		if errors.Is(err, sql.ErrNoRows) {
			return motcua.Errorf(motcua.ENOTFOUND, "dossier_not_found", "no dossier %s of yours", code)
		}
		if err != nil {
			return err
		}
		if workflow.Status(status) != workflow.Returned {
			return motcua.Errorf(motcua.ECONFLICT, "not_returned", "dossier %s is rated once its result is returned", code)
		}
		r.OfficerID, r.At = officer, s.now()
		return s.insertRating(ctx, tx, id, r, who.ID)
	})
	if err != nil {
		return Rating{}, fmt.Errorf("rate dossier %s: %w", code, err)
	}
	return r, nil
}

// RateAtKiosk records the rating given on a counter's kiosk for the dossier the officer at the
// counter handled last (Store.LastHandled); any other dossier is refused, so a kiosk cannot rate
// dossiers at will.
func (s *Store) RateAtKiosk(ctx context.Context, unit, counter, code string, value int) (Rating, error) {
	if err := validateRating(value, "", ""); err != nil {
		return Rating{}, err
	}
	r := Rating{DossierCode: code, Channel: RatingKiosk, Value: value, UnitCode: unit, Counter: counter}
	err := s.tx(ctx, func(tx *txn) error {
		now := s.now()
		desk, h, ok, err := s.lastHandled(ctx, tx, unit, counter, now)
		if err != nil {
			return err
		}
		if !ok || h.Code != code {
			var n int
			if err := tx.QueryRowContext(ctx, s.q.get("rating-count-code-channel"), code, string(RatingKiosk)).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				return alreadyRated(code, RatingKiosk)
			}
			return motcua.Errorf(motcua.ECONFLICT, "not_at_counter", "dossier %s is not the one just handled at this counter", code)
		}
		if h.Rated {
			return alreadyRated(code, RatingKiosk)
		}
		r.OfficerID, r.At = desk.UserID, now
		return s.insertRating(ctx, tx, h.DossierID, r, 0)
	})
	if err != nil {
		return Rating{}, fmt.Errorf("kiosk rating %s: %w", code, err)
	}
	return r, nil
}

func (s *Store) insertRating(ctx context.Context, tx *txn, dossierID int64, r Rating, by int64) error {
	var officer, rater any
	if r.OfficerID != 0 {
		officer = r.OfficerID
	}
	if by != 0 {
		rater = by
	}
	res, err := tx.ExecContext(ctx, s.q.get("rating-insert"), dossierID, string(r.Channel), r.Value, r.Reason,
		r.Comment, officer, r.UnitCode, r.Counter, rater, ms(r.At))
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return alreadyRated(r.DossierCode, r.Channel)
	}
	if s.statsOff {
		return nil
	}
	var proc string
	if err := tx.QueryRowContext(ctx, s.q.get("stat-rating-procedure"), dossierID).Scan(&proc); err != nil {
		return err
	}
	var ops statOps
	ops.add("stat-rating-add", []any{dayKey(r.At), r.UnitCode, r.Counter, r.OfficerID, proc, string(r.Channel), int64(r.Value)}, 1)
	return s.recordStats(ctx, tx, ops, r.At)
}

// ExplainWindow is how long after a "not satisfied" kiosk rating its reason may be added.
const ExplainWindow = 10 * time.Minute

// ExplainKioskRating adds the reason to a "not satisfied" rating given at the counter's kiosk a
// moment ago; once only.
func (s *Store) ExplainKioskRating(ctx context.Context, unit, counter, code, reason, comment string) error {
	reason, comment = strings.TrimSpace(reason), strings.TrimSpace(comment)
	if err := validateRating(NotSatisfied, reason, comment); err != nil {
		return err
	}
	if reason == "" && comment == "" {
		return motcua.FieldError("reason", "required", "pick a reason or write one")
	}
	return s.tx(ctx, func(tx *txn) error {
		res, err := tx.ExecContext(ctx, s.q.get("rating-explain"), code, unit, counter, reason, comment,
			ms(s.now().Add(-ExplainWindow)))
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return motcua.Errorf(motcua.ECONFLICT, "cannot_explain", "no recent 'not satisfied' rating of %s at this counter without a reason", code)
		}
		return nil
	})
}

// Ratings lists the ratings of a dossier who may see.
func (s *Store) Ratings(ctx context.Context, who user.User, code string) ([]Rating, error) {
	d, err := s.visibleDossier(ctx, s.read, who, code)
	if err != nil {
		return nil, err
	}
	return all[Rating](s.read.QueryContext(ctx, s.q.get("rating-by-dossier"), d.ID))(scanRating)
}

func scanRating(r scanner) (Rating, error) {
	var x Rating
	var ch string
	var at int64
	err := r.Scan(&x.DossierCode, &ch, &x.Value, &x.Reason, &x.Comment, &x.OfficerID, &x.UnitCode, &x.Counter, &at)
	x.Channel, x.At = RatingChannel(ch), fromMS(at)
	return x, err
}
