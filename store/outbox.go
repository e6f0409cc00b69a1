package store

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"
	"unicode/utf8"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/notice"
	"github.com/motcua/motcua/user"
)

// NoticeStatus is where a notice to the applicant stands.
type NoticeStatus string

const (
	NoticePending NoticeStatus = "pending" // to be sent at NextAt
	NoticeSent    NoticeStatus = "sent"
	NoticeFailed  NoticeStatus = "failed"  // given up after notice.MaxAttempts or a permanent refusal; an officer may retry
	NoticeSkipped NoticeStatus = "skipped" // no channel was configured to send it
)

// Notice is one queued notice to a dossier's applicant.
type Notice struct {
	ID        int64
	DossierID int64
	Kind      notice.Kind
	Channel   notice.Channel
	To        string
	Facts     notice.Facts // filled by ClaimNotices
	Status    NoticeStatus
	Attempts  int
	LastError string
	CreatedAt time.Time
	NextAt    time.Time
	SentAt    *time.Time
}

// enqueueNotices queues, in the action's own transaction, the notices event ev on d calls for:
// the action and its notices commit together or not at all, and sending happens later.
func (s *Store) enqueueNotices(ctx context.Context, tx *txn, d *dossier.Dossier, ev *dossier.Event) error {
	if tx.replay {
		return nil
	}
	for _, p := range notice.Plan(d, ev) {
		facts, err := json.Marshal(p.Facts)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, s.q.get("outbox-insert"), d.ID, string(p.Kind), string(p.Channel),
			p.To, string(facts), ms(ev.At)); err != nil {
			return fmt.Errorf("queue %s notice: %w", p.Kind, err)
		}
	}
	return nil
}

// dropReceipts takes back the receipt queued for a dossier created in tx that the desk then
// refused or sent back for papers.
func (s *Store) dropReceipts(ctx context.Context, tx *txn, dossierID int64) error {
	_, err := tx.ExecContext(ctx, s.q.get("outbox-drop-receipts"), dossierID)
	return err
}

// Notices lists the notices of a dossier, oldest first, for an officer who may see it.
func (s *Store) Notices(ctx context.Context, who user.User, code string) ([]Notice, error) {
	d, err := s.officerDossier(ctx, s.read, who, code)
	if err != nil {
		return nil, err
	}
	return all[Notice](s.read.QueryContext(ctx, s.q.get("outbox-dossier"), d.ID))(scanNotice)
}

// RetryNotice sends a notice again at once: one that failed or was skipped, or a pending one
// that waits for its next try. A sent notice is not sent twice, nor one a worker is sending now.
func (s *Store) RetryNotice(ctx context.Context, who user.User, code string, id int64) error {
	err := s.tx(ctx, func(tx *txn) error {
		d, err := s.officerDossier(ctx, tx, who, code)
		if err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, s.q.get("outbox-retry"), id, d.ID, ms(s.now()))
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return motcua.Errorf(motcua.ECONFLICT, "notice_not_retryable", "notice %d of dossier %s is sent, being sent, or not of this dossier", id, code)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("retry notice %d: %w", id, err)
	}
	return nil
}

func (s *Store) officerDossier(ctx context.Context, q queryer, who user.User, code string) (dossier.Dossier, error) {
	d, err := scanDossier(q.QueryRowContext(ctx, s.q.get("dossier-by-code-officer"), code, who.ID))
	if errors.Is(err, sql.ErrNoRows) {
		return d, motcua.Errorf(motcua.ENOTFOUND, "dossier_not_found", "no dossier %s visible to you", code)
	}
	return d, err
}

// ClaimNotices takes up to limit notices due now for one delivery attempt each, held for lease:
// until then no other worker, in this process or another sharing the database, claims them.
// Each claim counts as an attempt; the worker settles it with NoticeSent, NoticeFailed or
// NoticeSkipped. One not settled in time (the worker died) is claimed again after the lease.
func (s *Store) ClaimNotices(ctx context.Context, limit int, lease time.Duration) ([]Notice, error) {
	var out []Notice
	err := s.tx(ctx, func(tx *txn) error {
		now := s.now()
		rows, err := tx.QueryContext(ctx, s.q.get("outbox-claim"), ms(now), ms(now.Add(lease)), limit)
		out, err = all[Notice](rows, err)(func(r scanner) (Notice, error) {
			var n Notice
			var kind, channel, facts string
			var created int64
			if err := r.Scan(&n.ID, &n.DossierID, &kind, &channel, &n.To, &facts, &n.Attempts, &created); err != nil {
				return n, err
			}
			n.Kind, n.Channel, n.Status, n.CreatedAt = notice.Kind(kind), notice.Channel(channel), NoticePending, fromMS(created)
			if err := json.Unmarshal([]byte(facts), &n.Facts); err != nil {
				return n, fmt.Errorf("notice %d facts: %w", n.ID, err)
			}
			return n, nil
		})
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("claim notices: %w", err)
	}
	slices.SortFunc(out, func(a, b Notice) int { return cmp.Compare(a.ID, b.ID) })
	return out, nil
}

// NoticeSent records that the claimed attempt n was accepted by the mail server or gateway.
func (s *Store) NoticeSent(ctx context.Context, n Notice) error {
	now := s.now()
	return s.settle(ctx, n, NoticeSent, "", now, &now, n.Attempts)
}

// NoticeFailed records a failed attempt and when to try again: after notice.Backoff, or never
// (status failed) once notice.MaxAttempts is reached or when the receiver refused for good.
func (s *Store) NoticeFailed(ctx context.Context, n Notice, cause error, permanent bool) error {
	now := s.now()
	status := NoticePending
	if permanent || n.Attempts >= notice.MaxAttempts {
		status = NoticeFailed
	}
	return s.settle(ctx, n, status, clip(cause.Error(), 500), now.Add(notice.Backoff(n.Attempts)), nil, n.Attempts)
}

// NoticeSkipped records that nothing was configured to send n; the claim does not count as an
// attempt.
func (s *Store) NoticeSkipped(ctx context.Context, n Notice, why string) error {
	return s.settle(ctx, n, NoticeSkipped, why, s.now(), nil, n.Attempts-1)
}

func (s *Store) settle(ctx context.Context, n Notice, status NoticeStatus, msg string, next time.Time, sent *time.Time, attempts int) error {
	err := s.tx(ctx, func(tx *txn) error {
		_, err := tx.ExecContext(ctx, s.q.get("outbox-settle"), n.ID, n.Attempts, string(status), msg, ms(next), msPtr(sent), attempts)
		return err
	})
	if err != nil {
		return fmt.Errorf("notice %d %s: %w", n.ID, status, err)
	}
	return nil
}

func scanNotice(r scanner) (Notice, error) {
	var n Notice
	var kind, channel, status string
	var created, next int64
	var sent sql.NullInt64
	if err := r.Scan(&n.ID, &n.DossierID, &kind, &channel, &n.To, &status, &n.Attempts, &n.LastError, &created, &next, &sent); err != nil {
		return n, err
	}
	n.Kind, n.Channel, n.Status = notice.Kind(kind), notice.Channel(channel), NoticeStatus(status)
	n.CreatedAt, n.NextAt, n.SentAt = fromMS(created), fromMS(next), fromNullMS(sent)
	return n, nil
}

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	s = s[:n]
	for !utf8.ValidString(s) {
		s = s[:len(s)-1]
	}
	return s + "…"
}
