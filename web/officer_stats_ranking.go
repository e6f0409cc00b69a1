package web

import (
	"html/template"
	"net/http"
	"slices"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/calendar"
	"github.com/motcua/motcua/user"
)

// The ranking of a unit's sub-units by service-quality index (Decision 766), with the grade
// bands: a page of its own, since it computes an index per sub-unit.

func (s *Server) routesStatsRanking() {
	s.mux.HandleFunc("GET /can-bo/thong-ke/xep-hang", s.statsViewer(s.statsRanking))
}

type rankingRow struct {
	Rank, Name, Score, Points, Available, Band string
	Graded                                     bool
	URL                                        template.URL // the unit's dashboard for the period
}

type rankingData struct {
	P        statsPeriod
	UnitName string
	Rows     []rankingRow
	Back     template.URL
	XLSX     template.URL
	CSV      template.URL
}

// RankingURL is the ranking of the dashboard's unit's sub-units for its period.
func (d statsData) RankingURL() template.URL {
	// The query is built by url.Values: safe as a URL, and escaping it again would break it.
	return template.URL("/can-bo/thong-ke/xep-hang?" + d.P.query().Encode())
}

func (s *Server) statsRanking(w http.ResponseWriter, r *http.Request, u user.User) {
	ctx, lang := r.Context(), langOf(r)
	ui, err := s.unitInfo(ctx)
	if err != nil {
		s.log.Error("ranking units", "err", err)
		s.errorPage(w, r, http.StatusInternalServerError, "error.internal")
		return
	}
	p, errs := parsePeriod(r.URL.Query(), lang, calendar.DateOf(s.store.Now()))
	if len(errs) > 0 || p.AsOf != nil || !slices.ContainsFunc(statsUnits(u, ui.list), func(o statsUnitOption) bool { return o.Code == p.Unit }) {
		s.errorPage(w, r, http.StatusBadRequest, "officer.stats.export.bad")
		return
	}
	p.Children = true // each sub-unit with its own, and the link back shows the unit with them
	ranked, err := s.store.IndexRanking(ctx, u, p.filter())
	if motcua.ErrorCode(err) == motcua.EFORBIDDEN {
		s.errorPage(w, r, http.StatusForbidden, "officer.stats.forbidden")
		return
	}
	if err != nil {
		s.log.Error("ranking", "unit", p.Unit, "err", err)
		s.errorPage(w, r, http.StatusInternalServerError, "error.internal")
		return
	}
	d := rankingData{P: p, UnitName: ui.name(p.Unit), Back: template.URL("/can-bo/thong-ke?" + p.query().Encode())}
	export := statsData{P: p}
	d.XLSX, d.CSV = export.Export("xep-hang", "xlsx"), export.Export("xep-hang", "csv")
	n := 0
	for _, ru := range ranked {
		row := rankingRow{Name: ru.Unit.Name, Score: num(lang, ru.Result.Score), Points: num(lang, ru.Result.Points),
			Available: num(lang, ru.Result.Available), Band: text(lang, "officer.stats.band."+ru.Result.Band), Graded: ru.Result.Band != "no_data"}
		if row.Graded {
			n++
			row.Rank = num(lang, float64(n))
		}
		sub := p
		sub.Unit = ru.Unit.Code
		row.URL = template.URL("/can-bo/thong-ke?" + sub.query().Encode())
		d.Rows = append(d.Rows, row)
	}
	s.render(w, r, http.StatusOK, "stats_ranking", "officer.ranking.title", nil, d)
}

func init() {
	addMessages(map[string][2]string{
		"officer.ranking.title":   {"Xếp hạng chỉ số phục vụ của các đơn vị trực thuộc", "Sub-units ranked by service-quality index"},
		"officer.ranking.heading": {"%s — từ %s đến %s", "%s — %s to %s"},
		"officer.ranking.lead":    {"Mỗi đơn vị tính cả các đơn vị trực thuộc của nó. Đơn vị chưa đủ dữ liệu để xếp loại đứng cuối, không xếp hạng.", "Each unit counts with its own sub-units. Units with too little data to grade come last, unranked."},
		"officer.ranking.rank":    {"Hạng", "Rank"},
		"officer.ranking.unit":    {"Đơn vị", "Unit"},
		"officer.ranking.score":   {"Điểm quy đổi (/100)", "Score (/100)"},
		"officer.ranking.points":  {"Điểm / điểm có dữ liệu", "Points / points with data"},
		"officer.ranking.band":    {"Xếp loại", "Grade"},
		"officer.ranking.none":    {"Đơn vị không có đơn vị trực thuộc đang hoạt động.", "The unit has no sub-unit in service."},
		"officer.ranking.back":    {"Về trang số liệu", "Back to the figures"},
		"officer.ranking.link":    {"Xếp hạng các đơn vị trực thuộc theo chỉ số", "Rank the sub-units by index"},
	})
}
