package store

import (
	"context"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/user"
)

// MonthFigures are one month's received, solved and solved-late dossiers of a unit.
type MonthFigures struct {
	Month                  int // yyyymm
	Received, Solved, Late int
}

// LateTrend is, month by month over the months the period touches, how many dossiers a unit
// received, solved and solved late: where lateness is going.
func (s *Store) LateTrend(ctx context.Context, who user.User, f SummaryFilter) ([]MonthFigures, error) {
	if ok, err := s.canSeeStats(ctx, who, f.Unit); err != nil || !ok {
		if err == nil {
			err = motcua.Errorf(motcua.EFORBIDDEN, "forbidden_stats", "only the unit's leaders, centre managers and administrators see its figures")
		}
		return nil, err
	}
	if _, err := s.FoldStats(ctx); err != nil {
		return nil, err
	}
	hi := monthStart(f.To)
	if !hi.Equal(f.To.In(hi.Location())) {
		hi = hi.AddDate(0, 1, 0)
	}
	got, err := all[MonthFigures](s.read.QueryContext(ctx, s.q.get("stat-trend"), append(f.units(), monthKey(f.From), monthKey(hi))...))(func(r scanner) (MonthFigures, error) {
		var m MonthFigures
		err := r.Scan(&m.Month, &m.Received, &m.Solved, &m.Late)
		return m, err
	})
	if err != nil {
		return nil, err
	}
	// Every month the period touches, those without a dossier too: a trend has no gaps.
	byMonth := map[int]MonthFigures{}
	for _, m := range got {
		byMonth[m.Month] = m
	}
	var out []MonthFigures
	for m := monthStart(f.From); m.Before(hi); m = m.AddDate(0, 1, 0) {
		k := monthKey(m)
		out = append(out, MonthFigures{Month: k, Received: byMonth[k].Received, Solved: byMonth[k].Solved, Late: byMonth[k].Late})
	}
	return out, nil
}
