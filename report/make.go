package report

import (
	"context"
	"io"
	"strings"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/assessment"
	"github.com/motcua/motcua/index"
	"github.com/motcua/motcua/org"
	"github.com/motcua/motcua/store"
	"github.com/motcua/motcua/user"
)

// Source is where a report's figures come from; *store.Store is one. Each method checks who
// may see the unit's figures.
type Source interface {
	Catalog
	Units(ctx context.Context) ([]org.Unit, error)
	StatsSatisfaction(ctx context.Context, who user.User, f store.SummaryFilter) (store.Satisfaction, error)
	QualityIndexOf(ctx context.Context, who user.User, f store.SummaryFilter, sum store.Summary, sat store.Satisfaction) (index.Result, error)
	IndexRanking(ctx context.Context, who user.User, f store.SummaryFilter) ([]store.RankedUnit, error)
	StepStats(ctx context.Context, who user.User, f store.SummaryFilter, procedure string) (store.StepReport, error)
	LateTrend(ctx context.Context, who user.User, f store.SummaryFilter) ([]store.MonthFigures, error)
	AssessmentFrom(ctx context.Context, who user.User, f store.SummaryFilter, sum store.Summary, steps store.StepReport) (store.AssessmentOf, error)
}

// Make lays out the report name of f's unit and period: sum is the period's summary, which the
// caller has made (live or as of a past day) and which checked who may see the unit.
func Make(ctx context.Context, src Source, who user.User, name string, f store.SummaryFilter, sum store.Summary) (Report, error) {
	if !Valid(name) {
		return Report{}, motcua.Errorf(motcua.ENOTFOUND, "unknown_report", "no report %q", name)
	}
	// The unit-wide tables (index, ratings, trend…) cannot be kept to a field or a procedure: a
	// report that said so over the unit's figures would mislead.
	if sum.Field != "" && !OfFigures(name) {
		return Report{}, motcua.FieldError("field", "unit_wide_report", "report %s is the unit's, not a field's", name)
	}
	if sum.Procedure != "" && !OfFigures(name) && name != Steps && name != LateCauses {
		return Report{}, motcua.FieldError("procedure", "unit_wide_report", "report %s is the unit's, not a procedure's", name)
	}
	if OfFigures(name) {
		names, err := NamesFor(ctx, src, sum)
		if err != nil {
			return Report{}, err
		}
		return Build(name, sum, names)
	}
	units, err := src.Units(ctx)
	if err != nil {
		return Report{}, err
	}
	byCode := map[string]org.Unit{}
	for _, u := range units {
		byCode[u.Code] = u
	}
	unitName := func(code string) string {
		if u, ok := byCode[code]; ok {
			return u.Name
		}
		return code
	}
	r := Report{Name: name, UnitCode: sum.Unit, UnitName: unitName(sum.Unit), IncludeChildren: sum.IncludeChildren,
		TreeAt: sum.TreeAt, From: sum.From, To: sum.To, AsOf: sum.AsOf, Live: sum.Live}
	if p := byCode[sum.Unit].ParentCode; p != "" {
		r.ParentName = unitName(p)
	}
	if r.Only, err = only(ctx, src, sum.Field, sum.Procedure); err != nil {
		return r, err
	}
	// What the tables need, each read once.
	var sat *store.Satisfaction
	satisfaction := func() (store.Satisfaction, error) {
		if sat == nil {
			s, err := src.StatsSatisfaction(ctx, who, f)
			if err != nil {
				return s, err
			}
			sat = &s
		}
		return *sat, nil
	}
	var steps *store.StepReport
	stepReport := func() (store.StepReport, error) {
		if steps == nil {
			s, err := src.StepStats(ctx, who, f, "")
			if err != nil {
				return s, err
			}
			steps = &s
		}
		return *steps, nil
	}
	procName := func(g store.RatingGroup) string {
		if p, err := src.Procedure(ctx, g.Key); err == nil {
			return p.Name
		}
		return g.Key
	}
	keys := workbooks[name]
	if keys == nil {
		keys = []string{name}
	}
	for _, key := range keys {
		var g Grid
		switch key {
		case Index:
			s, err := satisfaction()
			if err != nil {
				return r, err
			}
			res, err := src.QualityIndexOf(ctx, who, f, sum, s)
			if err != nil {
				return r, err
			}
			g = indexGrid(res)
		case Ranking:
			ranked, err := src.IndexRanking(ctx, who, f)
			if err != nil {
				return r, err
			}
			g = rankingGrid(ranked)
		case Criteria:
			st, err := stepReport()
			if err != nil {
				return r, err
			}
			a, err := src.AssessmentFrom(ctx, who, f, sum, st)
			if err != nil {
				return r, err
			}
			rules, err := assessment.For(f.From)
			if err != nil {
				return r, err
			}
			g = criteriaGrid(a, rules)
		case Ratings, ByCounter, ByUnit, ByProc, ByRChannel, Comments:
			s, err := satisfaction()
			if err != nil {
				return r, err
			}
			switch key {
			case Ratings:
				g = ratingsGrid(key, "cán bộ", s.ByOfficer, s.Total,
					func(g store.RatingGroup) string { return g.Name + " (" + g.Key + ")" }, "Không gắn với cán bộ")
			case ByCounter:
				g = ratingsGrid(key, "quầy", s.ByCounter, s.Total,
					func(g store.RatingGroup) string {
						return g.Name + " — " + unitName(strings.TrimSuffix(g.Key, " · "+g.Name))
					},
					"Không qua quầy (trực tuyến)")
			case ByUnit:
				g = ratingsGrid(key, "đơn vị", s.ByUnit, s.Total,
					func(g store.RatingGroup) string { return unitName(g.Key) }, "")
			case ByProc:
				g = ratingsGrid(key, "thủ tục", s.ByProcedure, s.Total, procName, "")
			case ByRChannel:
				g = ratingsGrid(key, "kênh", s.ByChannel, s.Total,
					func(g store.RatingGroup) string { return ratingChannel(g.Key) }, "")
			default:
				g = commentsGrid(s.Comments, unitName)
			}
		case Steps, LateCauses:
			st, err := stepReport()
			if err != nil {
				return r, err
			}
			if key == Steps {
				g = stepsGrid(st)
			} else {
				g = lateCausesGrid(st, unitName)
			}
		case Trend:
			months, err := src.LateTrend(ctx, who, f)
			if err != nil {
				return r, err
			}
			g = trendGrid(months)
		}
		r.Grids = append(r.Grids, g)
	}
	return r, nil
}

// Write writes a report as a workbook (ext "xlsx") or its first table as CSV.
func Write(w io.Writer, r Report, ext string) error {
	switch {
	case ext == "xlsx":
		return WriteXLSX(w, r)
	case len(r.Tables) > 0:
		return WriteCSV(w, r.Tables[0])
	case len(r.Grids) > 0:
		return WriteGridCSV(w, r.Grids[0])
	}
	return motcua.Errorf(motcua.ENOTFOUND, "unknown_report", "report %q has no table", r.Name)
}
