// Package deliver sends the notices the store queued for applicants: a worker claims the due
// ones, words them with package notice and hands each to the sender of its channel (deliver/smtp
// for email, deliver/sms for the SMS gateway), then records the outcome. Delivery is at least
// once: every attempt of a notice carries the same key, so a receiver can tell a retry.
package deliver

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/motcua/motcua/notice"
	"github.com/motcua/motcua/store"
)

// Sender sends one message through one channel.
type Sender interface {
	Send(ctx context.Context, m notice.Message) error
}

// PermanentError is a refusal that trying again will not change (an unknown mailbox, a
// malformed number): the notice is marked failed at once, for an officer to look at.
type PermanentError struct{ Err error }

func (e *PermanentError) Error() string { return e.Err.Error() }
func (e *PermanentError) Unwrap() error { return e.Err }

// Permanent wraps err as a permanent refusal.
func Permanent(err error) error { return &PermanentError{Err: err} }

// IsPermanent reports whether err is, or wraps, a permanent refusal.
func IsPermanent(err error) bool {
	var p *PermanentError
	return errors.As(err, &p)
}

// Worker sends due notices. Several workers, in one process or in several sharing a database,
// may run at once: each notice is claimed by one of them at a time.
type Worker struct {
	Store *store.Store
	// Senders by channel; a channel without one has its notices recorded as skipped.
	Senders map[notice.Channel]Sender
	// PublicURL is the site's address as applicants reach it, for the tracking link.
	PublicURL string
	Log       *slog.Logger
	Batch     int           // notices claimed at a time; default 20
	Timeout   time.Duration // for one send; default 30 s
}

func (w *Worker) batch() int {
	if w.Batch > 0 {
		return w.Batch
	}
	return 20
}

func (w *Worker) timeout() time.Duration {
	if w.Timeout > 0 {
		return w.Timeout
	}
	return 30 * time.Second
}

// Pass sends every notice due now, batch after batch, and says how many were sent and how many
// failed (those of a channel without a sender are skipped, neither). A notice that fails is
// tried again on a later pass, after its backoff.
func (w *Worker) Pass(ctx context.Context) (sent, failed int, err error) {
	// The lease outlasts the slowest batch, so no other worker takes a notice still being sent.
	lease := time.Duration(w.batch())*w.timeout() + time.Minute
	for ctx.Err() == nil {
		ns, err := w.Store.ClaimNotices(ctx, w.batch(), lease)
		if err != nil {
			return sent, failed, err
		}
		if len(ns) == 0 {
			break
		}
		for _, n := range ns {
			out, err := w.send(ctx, n)
			if err != nil {
				return sent, failed, err
			}
			switch out {
			case store.NoticeSent:
				sent++
			case store.NoticePending, store.NoticeFailed:
				failed++
			}
		}
	}
	return sent, failed, nil
}

// send makes one attempt at n and records it: the outcome is sent, skipped, or failed (pending
// or failed for good, the store decides); the error is the store's, not the sender's.
func (w *Worker) send(ctx context.Context, n store.Notice) (store.NoticeStatus, error) {
	s, ok := w.Senders[n.Channel]
	if !ok || s == nil {
		return store.NoticeSkipped, w.Store.NoticeSkipped(ctx, n, fmt.Sprintf("no %s channel configured", n.Channel))
	}
	m, err := notice.Render(n.ID, n.Kind, n.Channel, n.To, n.Facts, n.CreatedAt, w.PublicURL)
	if err != nil {
		return store.NoticeFailed, w.Store.NoticeFailed(ctx, n, err, true)
	}
	sctx, cancel := context.WithTimeout(ctx, w.timeout())
	err = s.Send(sctx, m)
	cancel()
	if err != nil {
		if w.Log != nil {
			w.Log.Warn("notice not sent", "id", n.ID, "key", m.Key, "channel", n.Channel, "attempt", n.Attempts, "err", err)
		}
		return store.NoticeFailed, w.Store.NoticeFailed(ctx, n, err, IsPermanent(err))
	}
	return store.NoticeSent, w.Store.NoticeSent(ctx, n)
}

// Run makes a pass every interval until ctx ends.
func (w *Worker) Run(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		if _, _, err := w.Pass(ctx); err != nil && ctx.Err() == nil && w.Log != nil {
			w.Log.Error("notice delivery", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
