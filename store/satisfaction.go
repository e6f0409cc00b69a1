package store

import (
	"context"
	"sort"
	"time"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/user"
)

// RatingCounts are the ratings of a group: very satisfied (3), satisfied (2), not satisfied (1).
type RatingCounts struct {
	VerySatisfied, Satisfied, NotSatisfied int
}

// Total is the number of ratings.
func (c RatingCounts) Total() int { return c.VerySatisfied + c.Satisfied + c.NotSatisfied }

// SatisfiedPct is the share of ratings satisfied or very satisfied, in % to one decimal.
func (c RatingCounts) SatisfiedPct() float64 {
	if c.Total() == 0 {
		return 0
	}
	return float64(int(float64(c.VerySatisfied+c.Satisfied)*1000/float64(c.Total())+0.5)) / 10
}

func (c *RatingCounts) add(value int, n int) {
	switch value {
	case 3:
		c.VerySatisfied += n
	case 2:
		c.Satisfied += n
	default:
		c.NotSatisfied += n
	}
}

// RatingGroup is one officer, counter, unit, procedure or channel with its ratings.
type RatingGroup struct {
	Key, Name string
	Counts    RatingCounts
}

// RatingComment is a reason or comment a citizen gave.
type RatingComment struct {
	At                  time.Time
	Value               int
	Reason, Comment     string
	Channel, Unit, Desk string
	Dossier             string
}

// Satisfaction is a unit's ratings over a period, in total and by officer, counter, unit,
// procedure and channel, with the latest comments.
type Satisfaction struct {
	Total                                     RatingCounts
	ByOfficer, ByCounter, ByUnit, ByProcedure []RatingGroup
	ByChannel                                 []RatingGroup
	Comments                                  []RatingComment
}

// StatsSatisfaction aggregates the citizens' ratings (kiosk and online) of a unit's dossiers
// over a period, for the unit's leaders, centre managers and administrators.
func (s *Store) StatsSatisfaction(ctx context.Context, who user.User, f SummaryFilter) (Satisfaction, error) {
	var out Satisfaction
	if _, err := s.Unit(ctx, f.Unit); err != nil {
		return out, motcua.FieldError("unit", "unknown_unit", "no unit %s", f.Unit)
	}
	if ok, err := s.canSeeStats(ctx, who, f.Unit); err != nil || !ok {
		if err == nil {
			err = motcua.Errorf(motcua.EFORBIDDEN, "forbidden_stats", "only the unit's leaders, centre managers and administrators see its figures")
		}
		return out, err
	}
	if _, err := s.FoldStats(ctx); err != nil {
		return out, err
	}
	rows, err := s.read.QueryContext(ctx, s.q.get("stat-ratings"), append(f.units(), dayKey(f.From), dayKey(f.To))...)
	if err != nil {
		return out, err
	}
	groups := map[string]map[string]*RatingGroup{}
	put := func(dim, key, name string, value, n int) {
		if groups[dim] == nil {
			groups[dim] = map[string]*RatingGroup{}
		}
		g := groups[dim][key]
		if g == nil {
			g = &RatingGroup{Key: key, Name: name}
			groups[dim][key] = g
		}
		g.Counts.add(value, n)
	}
	for rows.Next() {
		var unit, counter, fullName, username, proc, channel string
		var officer int64
		var value, n int
		if err := rows.Scan(&unit, &counter, &officer, &fullName, &username, &proc, &channel, &value, &n); err != nil {
			rows.Close()
			return out, err
		}
		out.Total.add(value, n)
		if officer != 0 {
			name := fullName
			if name == "" {
				name = username
			}
			put("officer", username, name, value, n)
		}
		if counter != "" {
			put("counter", unit+" · "+counter, counter, value, n)
		}
		put("unit", unit, "", value, n)
		put("procedure", proc, "", value, n)
		put("channel", channel, "", value, n)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return out, err
	}
	list := func(dim string) []RatingGroup {
		var gs []RatingGroup
		for _, g := range groups[dim] {
			gs = append(gs, *g)
		}
		sort.Slice(gs, func(i, j int) bool {
			if gs[i].Counts.Total() != gs[j].Counts.Total() {
				return gs[i].Counts.Total() > gs[j].Counts.Total()
			}
			return gs[i].Key < gs[j].Key
		})
		return gs
	}
	out.ByOfficer, out.ByCounter, out.ByUnit, out.ByProcedure, out.ByChannel =
		list("officer"), list("counter"), list("unit"), list("procedure"), list("channel")
	cs, err := s.read.QueryContext(ctx, s.q.get("stat-rating-comments"), append(f.units(), ms(f.From), ms(f.To))...)
	if err != nil {
		return out, err
	}
	defer cs.Close()
	for cs.Next() {
		var c RatingComment
		var at int64
		if err := cs.Scan(&at, &c.Value, &c.Reason, &c.Comment, &c.Channel, &c.Unit, &c.Desk, &c.Dossier); err != nil {
			return out, err
		}
		c.At = fromMS(at)
		out.Comments = append(out.Comments, c)
	}
	return out, cs.Err()
}
