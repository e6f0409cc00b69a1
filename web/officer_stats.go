package web

import (
	"cmp"
	"context"
	"fmt"
	"html/template"
	"math"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/calendar"
	"github.com/motcua/motcua/catalog"
	"github.com/motcua/motcua/org"
	"github.com/motcua/motcua/stats"
	"github.com/motcua/motcua/store"
	"github.com/motcua/motcua/user"
	"github.com/motcua/motcua/workflow"
)

// The statistics dashboard at /can-bo/thong-ke (DOMAIN.md §7, §11): a unit's figures for a
// period, for its leaders and centre managers (and those of the units above it) and for
// administrators. Charts are inline SVG drawn here, each with a text alternative and the same
// numbers in a table; every number links to the dossier listing behind it (officer_list.go).

func (s *Server) routesStats() {
	s.mux.HandleFunc("GET /can-bo/thong-ke", s.statsViewer(s.statsPage))
	s.mux.HandleFunc("GET /can-bo/ho-so", s.officer(s.dossierList))
	s.routesStatsExport()  // officer_stats_export.go
	s.routesAssessment()   // officer_assessment.go
	s.routesStatsRanking() // officer_stats_ranking.go
	s.routesStatsPDF()     // officer_stats_pdf.go
}

// mayViewStats tells whether u sees some unit's figures: an administrator, or a leader or centre
// manager somewhere. The store checks the unit itself (StatsSummary).
func mayViewStats(u user.User) bool {
	for _, r := range u.Roles {
		switch {
		case r.Role == workflow.Administrator:
			return true
		case (r.Role == workflow.Leader || r.Role == workflow.CentreManager) && r.Unit != "":
			return true
		}
	}
	return false
}

// statsViewer wraps the dashboard: without a session, sign in and come back; without a role that
// sees figures, a 403 page that says who does.
func (s *Server) statsViewer(next func(http.ResponseWriter, *http.Request, user.User)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		r, u, ok := s.withUser(r)
		if !ok {
			clearSession(w, r)
			http.Redirect(w, r, "/dang-nhap?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
			return
		}
		if !mayViewStats(u) {
			s.errorPage(w, r, http.StatusForbidden, "officer.stats.forbidden")
			return
		}
		next(w, r, u)
	}
}

// statsField is a field (lĩnh vực) of the catalogue, in the filter's list.
type statsField struct {
	Code, Name string
	Procedures []statsField // the field's procedures, by name
}

// statsFields lists the catalogue's fields by name, each with its procedures; the procedures of
// no field last, under a field of no code (the field list leaves it out).
func (s *Server) statsFields(ctx context.Context, lang Lang) ([]statsField, error) {
	procs, err := s.store.SearchProcedures(ctx, "", "", 0)
	if err != nil {
		return nil, err
	}
	at := map[string]int{}
	var out []statsField
	var loose []statsField
	for _, p := range procs {
		if p.FieldCode == "" {
			loose = append(loose, statsField{Code: p.Code, Name: p.Name})
			continue
		}
		i, ok := at[p.FieldCode]
		if !ok {
			i = len(out)
			at[p.FieldCode] = i
			out = append(out, statsField{Code: p.FieldCode, Name: cmp.Or(p.FieldName, p.FieldCode)})
		}
		out[i].Procedures = append(out[i].Procedures, statsField{Code: p.Code, Name: p.Name})
	}
	byName := func(a, b statsField) int { return cmp.Compare(a.Name, b.Name) }
	slices.SortFunc(out, byName)
	if len(loose) > 0 {
		out = append(out, statsField{Name: text(lang, "officer.stats.nofield"), Procedures: loose})
	}
	for i := range out {
		slices.SortFunc(out[i].Procedures, byName)
	}
	return out, nil
}

// statsUnitOption is a unit in the filter's list, indented under the unit above it.
type statsUnitOption struct {
	Code, Label string
	Depth       int
}

// statsUnits lists the units whose figures u sees, in the order of the unit tree: every unit for
// an administrator; for leaders and centre managers, their units and the units under them.
func statsUnits(u user.User, list []org.Unit) []statsUnitOption {
	admin := u.Has(workflow.Administrator)
	own := map[string]bool{}
	for _, r := range u.Roles {
		if (r.Role == workflow.Leader || r.Role == workflow.CentreManager) && r.Unit != "" {
			own[r.Unit] = true
		}
	}
	known := map[string]bool{}
	for _, x := range list {
		known[x.Code] = true
	}
	children := map[string][]org.Unit{}
	var roots []org.Unit
	for _, x := range list {
		if x.ParentCode == "" || !known[x.ParentCode] {
			roots = append(roots, x)
		} else {
			children[x.ParentCode] = append(children[x.ParentCode], x)
		}
	}
	var out []statsUnitOption
	var walk func(x org.Unit, depth int, allowed bool)
	walk = func(x org.Unit, depth int, allowed bool) {
		if !allowed && (admin || own[x.Code]) {
			allowed, depth = true, 0
		}
		if allowed {
			out = append(out, statsUnitOption{Code: x.Code, Label: strings.Repeat("— ", depth) + x.Name, Depth: depth})
		}
		for _, c := range children[x.Code] {
			walk(c, depth+1, allowed)
		}
	}
	for _, x := range roots {
		walk(x, 0, false)
	}
	return out
}

// statsPeriod is the filter the dashboard and the listing share: a unit (with its sub-units or
// not) and the Vietnam days From..To, both included.
type statsPeriod struct {
	Unit     string
	Children bool
	// TreeEnd takes the sub-units as the tree stood at the period's end (a unit merged or moved
	// since counts where it was then); otherwise today's tree.
	TreeEnd  bool
	From, To calendar.Date
	// AsOf, when set, asks for the figures as they stood at the end of that day, recomputed
	// from the event log.
	AsOf *calendar.Date
	// Field, when set, keeps the figures to the procedures of that field (lĩnh vực); Procedure to
	// one procedure.
	Field, Procedure string
	// What was typed, shown back in the form.
	FromText, ToText, AsOfText string
}

// query is the filter as URL parameters (dates YYYY-MM-DD).
func (p statsPeriod) query() url.Values {
	v := url.Values{}
	v.Set("unit", p.Unit)
	if p.Children {
		v.Set("include_children", "1")
	}
	if p.TreeEnd {
		v.Set("tree", "end")
	}
	v.Set("from", p.From.String())
	v.Set("to", p.To.String())
	if p.AsOf != nil {
		v.Set("as_of", p.AsOf.String())
	}
	if p.Field != "" {
		v.Set("field", p.Field)
	}
	if p.Procedure != "" {
		v.Set("procedure", p.Procedure)
	}
	return v
}

// summary is the period's figures: live from the rollups, or recomputed as of the end of AsOf.
func (p statsPeriod) summary(ctx context.Context, st *store.Store, u user.User) (store.Summary, error) {
	f := p.filter()
	if p.AsOf != nil {
		return st.StatsSummaryAsOf(ctx, u, f, p.AsOf.AddDays(1).Time().Add(-time.Millisecond))
	}
	return st.StatsSummary(ctx, u, f)
}

// filter is the period as the store takes it.
func (p statsPeriod) filter() store.SummaryFilter {
	return store.SummaryFilter{Unit: p.Unit, IncludeChildren: p.Children, TreeAt: p.treeAt(), From: p.start(), To: p.end(), Field: p.Field,
		Procedure: p.Procedure}
}

// treeAt is the instant of the tree the sub-units are taken from: the period's last instant, or
// zero for today's.
func (p statsPeriod) treeAt() time.Time {
	if !p.TreeEnd {
		return time.Time{}
	}
	return p.end().Add(-time.Millisecond)
}

// start and end are the instants of the period, end exclusive.
func (p statsPeriod) start() time.Time { return p.From.Time() }
func (p statsPeriod) end() time.Time   { return p.To.AddDays(1).Time() }

// parsePeriod reads unit, include_children, from, to and as_of. Without dates the period is
// this month.
func parsePeriod(q url.Values, lang Lang, today calendar.Date) (statsPeriod, FieldErrors) {
	p := statsPeriod{Unit: q.Get("unit"), FromText: q.Get("from"), ToText: q.Get("to"), AsOfText: q.Get("as_of"), Field: q.Get("field"),
		Procedure: q.Get("procedure")}
	p.Children = q.Get("include_children") == "1" || q.Get("include_children") == "true"
	p.TreeEnd = q.Get("tree") == "end"
	var errs FieldErrors
	day := func(field, v string) calendar.Date {
		if v == "" {
			errs = append(errs, FieldError{field, text(lang, "officer.stats.error.required")})
			return calendar.Date{}
		}
		d, err := calendar.ParseDate(v)
		if err != nil || d.Year < 1900 || d.Year > 2200 {
			errs = append(errs, FieldError{field, text(lang, "officer.stats.error.date")})
			return calendar.Date{}
		}
		return d
	}
	if p.FromText == "" && p.ToText == "" {
		p.From, p.To = monthOf(today)
		p.FromText, p.ToText = p.From.String(), p.To.String()
	} else {
		p.From, p.To = day("from", p.FromText), day("to", p.ToText)
		switch {
		case len(errs) > 0:
		case p.To.Before(p.From):
			errs = append(errs, FieldError{"to", text(lang, "officer.stats.error.order")})
		case !p.To.Time().Before(p.From.Time().AddDate(store.MaxPeriodYears, 0, 0)):
			errs = append(errs, FieldError{"to", text(lang, "officer.stats.error.long")})
		}
	}
	if p.AsOfText != "" {
		n := len(errs)
		d := day("as_of", p.AsOfText)
		switch {
		case len(errs) > n:
		case d.Before(p.From):
			errs = append(errs, FieldError{"as_of", text(lang, "officer.stats.error.asof")})
		default:
			p.AsOf = &d
		}
	}
	return p, errs
}

// monthOf, quarterOf and yearOf are the first and last days of the month, quarter and year of d.
func monthOf(d calendar.Date) (calendar.Date, calendar.Date) {
	first := calendar.Date{Year: d.Year, Month: d.Month, Day: 1}
	return first, calendar.DateOf(first.Time().AddDate(0, 1, -1))
}

func quarterOf(d calendar.Date) (calendar.Date, calendar.Date) {
	m := time.Month((int(d.Month)-1)/3*3 + 1)
	first := calendar.Date{Year: d.Year, Month: m, Day: 1}
	return first, calendar.DateOf(first.Time().AddDate(0, 3, -1))
}

func yearOf(d calendar.Date) (calendar.Date, calendar.Date) {
	return calendar.Date{Year: d.Year, Month: 1, Day: 1}, calendar.Date{Year: d.Year, Month: 12, Day: 31}
}

// statsCell is one figure: its number, its share where one is shown, and the listing behind it.
type statsCell struct {
	N   int
	Pct string
	URL string
}

// statsColumn is a column of the tables by field, procedure and channel.
type statsColumn struct {
	Figure, Label string
}

// statsTableColumns are the figures the group tables show, in DOMAIN.md §11's order.
var statsTableColumns = []string{"new", "carried", "total", "early", "on_time", "late",
	"pending_within", "pending_overdue", "withdrawn", "refused"}

type statsRow struct {
	Code, Name string
	Cells      []statsCell
	Timely     string // early or on time, % of the solved
}

type statsTable struct {
	ID      string
	Caption string
	Head    string // the first column's heading
	Columns []statsColumn
	Timely  string // the last column's heading
	Rows    []statsRow
	Total   statsRow
}

// statsBox is a block of the key figures: a heading with its figure (if any) and the figures
// under it, each with its share in words.
type statsBox struct {
	Title string
	Head  *statsCell
	Share string
	Items []statsItem
}

type statsItem struct {
	Label string
	Cell  statsCell
	Share string
}

type quickPeriod struct {
	Label, URL string
	Current    bool
}

type statsData struct {
	Units      []statsUnitOption
	Fields     []statsField // the catalogue's fields, to keep the figures to one
	P          statsPeriod
	Quick      []quickPeriod
	Shown      bool // figures computed (the filter is valid)
	Empty      bool // no dossier counts in the period
	UnitName   string
	AsOf       time.Time
	Live       bool
	Recomputed bool         // as of a past day, from the event log
	Drill      bool         // figures link to the listing (officers only: the listing is theirs)
	XLSX, CSV  template.URL // the report form of the same figures, to download
	More       statsMore    // the index, the ratings, the steps (officer_stats_more.go)
	Fig        map[string]statsCell
	Boxes      []statsBox
	Supplies   int
	AvgDays    string
	Median     string
	SavedPct   string
	Outcome    svgChart
	OutcomeT   []outcomeRow
	FieldC     svgChart
	ChannelC   svgChart
	Columns    []statsColumn
	ByField    statsTable
	ByProc     statsTable
	ByChannel  statsTable
	ByLevel    statsTable // by the competent unit's administrative level
}

type outcomeRow struct {
	Group, Label string
	Cell         statsCell
}

func (s *Server) statsPage(w http.ResponseWriter, r *http.Request, u user.User) {
	ctx := r.Context()
	lang := langOf(r)
	now := s.store.Now()
	ui, err := s.unitInfo(ctx)
	if err != nil {
		s.log.Error("stats units", "err", err)
		s.errorPage(w, r, http.StatusInternalServerError, "error.internal")
		return
	}
	units := statsUnits(u, ui.list)
	if len(units) == 0 {
		s.errorPage(w, r, http.StatusForbidden, "officer.stats.forbidden")
		return
	}
	q := r.URL.Query()
	p, errs := parsePeriod(q, lang, calendar.DateOf(now))
	if p.Unit == "" {
		p.Unit = units[0].Code
		if !q.Has("unit") && len(units) > 1 && units[1].Depth > 0 {
			p.Children = true // a unit with units under it: all of them, by default
		}
	}
	if !slices.ContainsFunc(units, func(o statsUnitOption) bool { return o.Code == p.Unit }) {
		errs = append(FieldErrors{{"unit", text(lang, "officer.stats.error.unit")}}, errs...)
	}
	data := statsData{Units: units, P: p, Drill: isOfficer(u)}
	if data.Fields, err = s.statsFields(ctx, lang); err != nil {
		s.log.Error("stats fields", "err", err)
		s.errorPage(w, r, http.StatusInternalServerError, "error.internal")
		return
	}
	if p.Field != "" && !slices.ContainsFunc(data.Fields, func(f statsField) bool { return f.Code == p.Field }) {
		errs = append(errs, FieldError{"field", text(lang, "officer.stats.error.field")})
	}
	if p.Procedure != "" && !slices.ContainsFunc(data.Fields, func(f statsField) bool {
		return slices.ContainsFunc(f.Procedures, func(pr statsField) bool { return pr.Code == p.Procedure })
	}) {
		errs = append(errs, FieldError{"procedure", text(lang, "officer.stats.error.procedure")})
	}
	data.Quick = quickPeriods(p, calendar.DateOf(now), lang)
	if len(errs) > 0 {
		s.render(w, r, http.StatusUnprocessableEntity, "stats", "officer.stats.title", errs, data)
		return
	}
	sum, err := p.summary(ctx, s.store, u)
	switch {
	case err == nil:
	case motcua.ErrorCode(err) == motcua.EFORBIDDEN:
		s.errorPage(w, r, http.StatusForbidden, "officer.stats.forbidden")
		return
	default:
		s.log.Error("stats summary", "unit", p.Unit, "err", err)
		s.errorPage(w, r, http.StatusInternalServerError, "error.internal")
		return
	}
	data.Shown, data.UnitName, data.AsOf, data.Live = true, ui.name(p.Unit), sum.AsOf, sum.Live
	switch {
	case p.AsOf != nil:
		// The listing and the other sections are today's: they would not add up to these figures.
		data.Recomputed, data.Drill = true, false
	case p.Procedure != "":
		// One procedure: its steps; the index and the ratings are the unit's.
		if data.More, err = s.statsStepsFor(ctx, u, p.filter(), lang); err != nil {
			s.log.Error("stats steps", "unit", p.Unit, "err", err)
			s.errorPage(w, r, http.StatusInternalServerError, "error.internal")
			return
		}
	case p.Field != "":
		// The index, the ratings and the steps are the unit's, not a field's.
	default:
		if data.More, err = s.statsMoreFor(ctx, u, p.filter(), sum, lang); err != nil {
			s.log.Error("stats index, ratings, steps", "unit", p.Unit, "err", err)
			s.errorPage(w, r, http.StatusInternalServerError, "error.internal")
			return
		}
	}
	// The query is built by url.Values: safe as a URL, and escaping it again would break it.
	data.XLSX = template.URL("/can-bo/thong-ke/bao-cao.xlsx?" + p.query().Encode())
	data.CSV = template.URL("/can-bo/thong-ke/bao-cao.csv?" + p.query().Encode())
	data.Empty = sum.Total == (stats.Counts{}) && sum.Supplements == 0
	link := func(figure string, extra ...string) string {
		if !data.Drill {
			return ""
		}
		v := p.query()
		v.Set("figure", figure)
		for i := 0; i+1 < len(extra); i += 2 {
			v.Set(extra[i], extra[i+1])
		}
		return "/can-bo/ho-so?" + v.Encode()
	}
	c := sum.Total
	data.Fig = map[string]statsCell{}
	for _, f := range stats.Figures {
		n, _ := c.Get(f)
		data.Fig[f] = statsCell{N: n}
		if n > 0 {
			data.Fig[f] = statsCell{N: n, URL: link(f)}
		}
	}
	pct := func(f string, n, of int) {
		cell := data.Fig[f]
		cell.Pct = formatPct(lang, stats.Pct(n, of))
		data.Fig[f] = cell
	}
	pct("solved", c.Solved, c.Total)
	pct("pending", c.Pending, c.Total)
	pct("withdrawn", c.Withdrawn, c.Total)
	pct("refused", c.Refused, c.Total)
	pct("stopped", c.Stopped, c.Total)
	pct("early", c.Early, c.Solved)
	pct("on_time", c.OnTime, c.Solved)
	pct("late", c.Late, c.Solved)
	pct("pending_within", c.PendingWithin, c.Pending)
	pct("pending_overdue", c.PendingOverdue, c.Pending)
	data.Supplies = sum.Supplements
	item := func(f, share string) statsItem {
		c := data.Fig[f]
		it := statsItem{Label: text(lang, "officer.stats.col."+f), Cell: c}
		if share != "" {
			it.Share = text(lang, share, c.Pct)
		}
		return it
	}
	head := func(f string) *statsCell { c := data.Fig[f]; return &c }
	data.Boxes = []statsBox{
		{Title: text(lang, "officer.stats.received"), Items: []statsItem{item("new", ""), item("carried", ""), item("total", "")}},
		{Title: text(lang, "officer.stats.solved"), Head: head("solved"), Share: text(lang, "officer.stats.oftotal", data.Fig["solved"].Pct),
			Items: []statsItem{item("early", "officer.stats.ofsolved"), item("on_time", "officer.stats.ofsolved"), item("late", "officer.stats.ofsolved")}},
		{Title: text(lang, "officer.stats.pending"), Head: head("pending"), Share: text(lang, "officer.stats.oftotal", data.Fig["pending"].Pct),
			Items: []statsItem{item("pending_within", "officer.stats.ofpending"), item("pending_overdue", "officer.stats.ofpending")}},
		{Title: text(lang, "officer.stats.other"), Items: []statsItem{item("withdrawn", "officer.stats.oftotal"),
			item("refused", "officer.stats.oftotal"), item("stopped", "officer.stats.oftotal"),
			{Label: text(lang, "officer.stats.supplements"), Cell: statsCell{N: sum.Supplements}}}},
	}
	if c.Solved > 0 {
		data.AvgDays = formatNum(lang, sum.AvgDays, 2)
		data.Median = formatNum(lang, sum.MedianDays, 2)
		data.SavedPct = formatPct(lang, sum.SavedPct)
	}

	// Group by procedure, field and channel, as the API does.
	type group struct {
		name string
		c    stats.Counts
	}
	byProc, byField, byChannel, byLevel := map[string]*group{}, map[string]*group{}, map[string]*group{}, map[string]*group{}
	levels := map[string]int{}
	for _, un := range ui.list {
		levels[un.Code] = un.Level
	}
	procField := map[string]string{}
	for _, row := range sum.Rows {
		if _, ok := byProc[row.Procedure]; !ok {
			byProc[row.Procedure] = &group{name: row.Procedure}
			if pr, err := s.store.Procedure(ctx, row.Procedure); err == nil {
				byProc[row.Procedure].name, procField[row.Procedure] = pr.Name, pr.FieldCode
				if byField[pr.FieldCode] == nil {
					byField[pr.FieldCode] = &group{name: pr.FieldName}
				}
			}
		}
		fc := procField[row.Procedure]
		if byField[fc] == nil {
			byField[fc] = &group{name: text(lang, "officer.stats.nofield")}
		}
		if byChannel[row.Channel] == nil {
			byChannel[row.Channel] = &group{name: text(lang, portalChannelKey(catalog.Channel(row.Channel)))}
		}
		byProc[row.Procedure].c.Add(row.Counts)
		byField[fc].c.Add(row.Counts)
		byChannel[row.Channel].c.Add(row.Counts)
		lv := strconv.Itoa(levels[row.Unit])
		if byLevel[lv] == nil {
			byLevel[lv] = &group{name: text(lang, "officer.stats.level."+lv)}
		}
		byLevel[lv].c.Add(row.Counts)
	}
	for _, f := range statsTableColumns {
		data.Columns = append(data.Columns, statsColumn{f, text(lang, "officer.stats.col."+f)})
	}
	table := func(id, caption, head, param string, m map[string]*group) statsTable {
		t := statsTable{ID: id, Caption: caption, Head: head, Columns: data.Columns, Timely: text(lang, "officer.stats.timely")}
		row := func(code, name string, c stats.Counts, linked bool, extra ...string) statsRow {
			r := statsRow{Code: code, Name: name, Timely: formatPct(lang, stats.Pct(c.Early+c.OnTime, c.Solved))}
			for _, f := range statsTableColumns {
				n, _ := c.Get(f)
				cell := statsCell{N: n}
				if n > 0 && linked {
					cell.URL = link(f, extra...)
				}
				r.Cells = append(r.Cells, cell)
			}
			return r
		}
		for code, g := range m {
			// The listing filters by field, procedure and channel, not by level.
			t.Rows = append(t.Rows, row(code, g.name, g.c, code != "" && param != "", param, code))
		}
		slices.SortFunc(t.Rows, func(a, b statsRow) int {
			if c := cmp.Compare(b.Cells[2].N, a.Cells[2].N); c != 0 {
				return c
			}
			return cmp.Compare(a.Name, b.Name)
		})
		t.Total = row("", text(lang, "officer.stats.alltotal"), sum.Total, true)
		return t
	}
	data.ByField = table("t-field", text(lang, "officer.stats.byfield.caption"), text(lang, "officer.stats.field"), "field", byField)
	data.ByProc = table("t-proc", text(lang, "officer.stats.byproc.caption"), text(lang, "officer.stats.procedure"), "procedure", byProc)
	data.ByChannel = table("t-channel", text(lang, "officer.stats.bychannel.caption"), text(lang, "officer.stats.channel"), "channel", byChannel)
	data.ByLevel = table("t-level", text(lang, "officer.stats.bylevel.caption"), text(lang, "officer.stats.level"), "", byLevel)

	// The charts.
	seg := func(f string) svgPart {
		return svgPart{Class: "stats-" + strings.ReplaceAll(f, "_", "-"), Label: text(lang, "officer.stats.col."+f), N: data.Fig[f].N}
	}
	data.Outcome = stackedChart("c-outcome", text(lang, "officer.stats.chart.outcome"), []svgBar{
		{Label: text(lang, "officer.stats.solved"), Parts: []svgPart{seg("early"), seg("on_time"), seg("late")}},
		{Label: text(lang, "officer.stats.pending"), Parts: []svgPart{seg("pending_within"), seg("pending_overdue")}},
	}, lang)
	for _, g := range []struct{ group, f, short string }{{"solved", "early", "col.early"}, {"solved", "on_time", "col.on_time"},
		{"solved", "late", "col.late"}, {"pending", "pending_within", "within"}, {"pending", "pending_overdue", "overdue"}} {
		data.OutcomeT = append(data.OutcomeT, outcomeRow{text(lang, "officer.stats."+g.group), text(lang, "officer.stats."+g.short), data.Fig[g.f]})
	}
	bars := func(t statsTable) []svgBar {
		var out []svgBar
		for _, r := range t.Rows {
			out = append(out, svgBar{Label: r.Name, Parts: []svgPart{{Class: "stats-bar", Label: text(lang, "officer.stats.col.total"), N: r.Cells[2].N}}})
		}
		return out
	}
	data.FieldC = stackedChart("c-field", text(lang, "officer.stats.chart.field"), bars(data.ByField), lang)
	data.ChannelC = stackedChart("c-channel", text(lang, "officer.stats.chart.channel"), bars(data.ByChannel), lang)
	s.render(w, r, http.StatusOK, "stats", "officer.stats.title", nil, data)
}

// quickPeriods are the links to this month, last month, this quarter and this year, for the
// chosen unit.
func quickPeriods(p statsPeriod, today calendar.Date, lang Lang) []quickPeriod {
	thisFrom, thisTo := monthOf(today)
	lastFrom, lastTo := monthOf(thisFrom.AddDays(-1))
	qFrom, qTo := quarterOf(today)
	yFrom, yTo := yearOf(today)
	var out []quickPeriod
	for _, c := range []struct {
		key      string
		from, to calendar.Date
	}{{"month", thisFrom, thisTo}, {"lastmonth", lastFrom, lastTo}, {"quarter", qFrom, qTo}, {"year", yFrom, yTo}} {
		v := p
		v.From, v.To = c.from, c.to
		out = append(out, quickPeriod{Label: text(lang, "officer.stats.quick."+c.key), URL: "/can-bo/thong-ke?" + v.query().Encode(),
			Current: p.From == c.from && p.To == c.to})
	}
	return out
}

// formatNum writes v with the given decimals, with a decimal comma in Vietnamese.
func formatNum(lang Lang, v float64, decimals int) string {
	scale := math.Pow(10, float64(decimals))
	s := strconv.FormatFloat(math.Round(v*scale)/scale, 'f', decimals, 64)
	if decimals > 0 {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	if lang != English {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}

func formatPct(lang Lang, v float64) string { return formatNum(lang, v, 1) + "%" }

// Charts: horizontal bars in a 360-unit-wide SVG that scales to the page, each bar under its
// label, made of parts (a stacked bar) with their numbers inside when they fit and the bar's
// total after it.

const (
	svgWidth   = 360
	svgBarMax  = 300 // room for the total after the longest bar
	svgRowH    = 54
	svgBarH    = 24
	svgLabelMx = 38 // characters of a label drawn; the table beneath has the whole name
)

type svgPart struct {
	Class, Label string
	N            int
	X, W, TextX  int
	Show         bool // the number fits inside
}

type svgBar struct {
	Label      string
	Parts      []svgPart
	Total      int
	LabelY     int
	BarY, NumY int
	TotalX     int
}

type svgChart struct {
	ID, Title, Desc string
	Height          int
	Bars            []svgBar
	Legend          []svgPart // for stacked bars
}

// stackedChart lays out the bars on a common scale and writes the text alternative: the title
// and every bar's numbers in words.
func stackedChart(id, title string, bars []svgBar, lang Lang) svgChart {
	ch := svgChart{ID: id, Title: title}
	max := 0
	for i := range bars {
		bars[i].Total = 0
		for _, p := range bars[i].Parts {
			bars[i].Total += p.N
		}
		max = maxInt(max, bars[i].Total)
	}
	var desc []string
	for i := range bars {
		b := &bars[i]
		y := i * svgRowH
		b.LabelY, b.BarY, b.NumY = y+16, y+22, y+22+17
		x := 0
		var words []string
		for j := range b.Parts {
			pt := &b.Parts[j]
			pt.X = x
			if max > 0 {
				pt.W = pt.N * svgBarMax / max
			}
			if pt.N > 0 && pt.W < 2 {
				pt.W = 2 // a non-zero part stays visible
			}
			pt.TextX = x + pt.W/2
			pt.Show = pt.N > 0 && pt.W >= 8*len(strconv.Itoa(pt.N))+8
			x += pt.W
			words = append(words, fmt.Sprintf("%s %d", pt.Label, pt.N))
		}
		b.TotalX = x + 6
		full := b.Label
		if r := []rune(b.Label); len(r) > svgLabelMx {
			b.Label = string(r[:svgLabelMx-1]) + "…"
		}
		if len(b.Parts) > 1 {
			desc = append(desc, fmt.Sprintf("%s %d (%s)", full, b.Total, strings.Join(words, ", ")))
		} else {
			desc = append(desc, fmt.Sprintf("%s: %d", full, b.Total))
		}
	}
	if len(bars) > 0 && len(bars[0].Parts) > 1 {
		seen := map[string]bool{}
		for _, b := range bars {
			for _, p := range b.Parts {
				if !seen[p.Class] {
					seen[p.Class] = true
					ch.Legend = append(ch.Legend, p)
				}
			}
		}
	}
	ch.Bars = bars
	ch.Height = maxInt(len(bars)*svgRowH, svgRowH)
	ch.Desc = strings.Join(desc, "; ") + "."
	if len(bars) == 0 {
		ch.Desc = text(lang, "officer.stats.empty")
	}
	return ch
}

func maxInt(a, b int) int {
	if a > b {
		return a
	}
	return b
}

func init() {
	addMessages(map[string][2]string{
		"officer.stats.title":     {"Thống kê tình hình giải quyết hồ sơ", "Dossier statistics"},
		"officer.stats.link":      {"Thống kê", "Statistics"},
		"admin.stats.lead":        {"Số liệu tiếp nhận, giải quyết hồ sơ theo đơn vị và kỳ báo cáo.", "Dossiers received and solved, by unit and period."},
		"officer.stats.forbidden": {"Chỉ lãnh đạo, quản lý Trung tâm của đơn vị và quản trị hệ thống xem được số liệu thống kê.", "Only a unit's leaders, centre managers and administrators see its statistics."},
		"officer.stats.lead": {"Số liệu của một đơn vị trong một kỳ, theo mẫu báo cáo tình hình giải quyết thủ tục hành chính. Bấm vào một con số để xem danh sách hồ sơ.",
			"A unit's figures for a period, in the shape of the administrative-procedure report. Select a number to see the dossiers behind it."},
		"officer.stats.lead.admin": {"Số liệu của một đơn vị trong một kỳ, theo mẫu báo cáo tình hình giải quyết thủ tục hành chính.",
			"A unit's figures for a period, in the shape of the administrative-procedure report."},
		"officer.stats.filters":             {"Đơn vị và kỳ báo cáo", "Unit and period"},
		"officer.stats.unit":                {"Đơn vị", "Unit"},
		"officer.stats.children":            {"Kèm đơn vị trực thuộc", "With the units under it"},
		"officer.stats.procfilter":          {"Thủ tục", "Procedure"},
		"officer.stats.procfilter.all":      {"Tất cả thủ tục", "Every procedure"},
		"officer.stats.error.procedure":     {"Chọn một thủ tục trong danh mục.", "Choose a procedure of the catalogue."},
		"officer.stats.tree":                {"Theo cơ cấu tổ chức tại ngày cuối kỳ", "As the units stood on the period's last day"},
		"officer.stats.tree.hint":           {"Đơn vị đã sáp nhập hoặc chuyển sang đơn vị khác sau kỳ báo cáo được tính vào đơn vị mà nó trực thuộc lúc đó.", "A unit merged or moved since counts under the unit it belonged to then."},
		"officer.stats.from":                {"Từ ngày", "From"},
		"officer.stats.to":                  {"Đến ngày", "To"},
		"officer.stats.date.hint":           {"Ngày theo giờ Việt Nam, tính cả hai ngày đầu và cuối.", "Vietnam dates, both days included."},
		"officer.stats.show":                {"Xem số liệu", "Show figures"},
		"officer.stats.quick":               {"Chọn nhanh kỳ báo cáo", "Quick periods"},
		"officer.stats.quick.month":         {"Tháng này", "This month"},
		"officer.stats.quick.lastmonth":     {"Tháng trước", "Last month"},
		"officer.stats.quick.quarter":       {"Quý này", "This quarter"},
		"officer.stats.quick.year":          {"Năm nay", "This year"},
		"officer.stats.error.required":      {"Nhập ngày theo dạng năm-tháng-ngày, ví dụ 2026-03-01.", "Enter a date as year-month-day, e.g. 2026-03-01."},
		"officer.stats.error.date":          {"Ngày không hợp lệ: nhập theo dạng năm-tháng-ngày, ví dụ 2026-03-01.", "Not a date: enter it as year-month-day, e.g. 2026-03-01."},
		"officer.stats.error.long":          {"Kỳ báo cáo dài tối đa 10 năm.", "A period is at most 10 years long."},
		"officer.stats.error.order":         {"Ngày kết thúc phải bằng hoặc sau ngày bắt đầu.", "The end date must be on or after the start date."},
		"officer.stats.error.field":         {"Chọn một lĩnh vực trong danh sách.", "Choose a field from the list."},
		"officer.stats.fieldfilter":         {"Lĩnh vực", "Field"},
		"officer.stats.fieldfilter.all":     {"Tất cả lĩnh vực", "Every field"},
		"officer.stats.fieldnote":           {"Số liệu của các thủ tục thuộc lĩnh vực đã chọn. Chỉ số, đánh giá và thời gian theo bước là của cả đơn vị: bỏ chọn lĩnh vực để xem.", "Figures of the procedures of the chosen field. The index, the assessment and the time per step are the whole unit's: clear the field to see them."},
		"officer.stats.error.asof":          {"Ngày xem số liệu phải từ ngày bắt đầu kỳ trở đi.", "The day to see the figures as of must be on or after the period's start."},
		"officer.stats.asof":                {"Số liệu tại ngày (không bắt buộc)", "Figures as of (optional)"},
		"officer.stats.asof.hint":           {"Để trống để xem số liệu trực tiếp. Chọn một ngày đã qua để xem số liệu như bảng này hiển thị cuối ngày đó: hệ thống tính lại từ nhật ký hồ sơ nên chậm hơn.", "Leave empty for the live figures. Pick a past day to see the figures as this page showed them at the end of that day: they are recomputed from the dossiers' event log, which is slower."},
		"officer.stats.recomputed":          {"Số liệu tính lại từ nhật ký hồ sơ, như đã hiển thị lúc %s (chậm hơn số liệu trực tiếp; đơn vị theo cơ cấu hiện nay). Chỉ số, đánh giá và thời gian theo bước chỉ có ở số liệu trực tiếp.", "Figures recomputed from the dossiers' event log as they stood at %s (slower than the live figures; units as they are now). The index, the ratings and the time per step are shown with the live figures only."},
		"officer.stats.error.unit":          {"Chọn một đơn vị trong danh sách.", "Choose a unit from the list."},
		"officer.stats.heading":             {"%s, từ %s đến %s", "%s, %s to %s"},
		"officer.stats.withchildren":        {"kèm các đơn vị trực thuộc", "with the units under it"},
		"officer.stats.live":                {"Số liệu trực tiếp, cập nhật theo từng thao tác xử lý hồ sơ; tính đến %s.", "Live figures, kept current by every step taken on a dossier; as of %s."},
		"officer.stats.past":                {"Kỳ đã kết thúc: hồ sơ đang giải quyết là tình trạng cuối ngày %s. Số liệu tính đến %s.", "The period has ended: pending dossiers are as they stood at the end of %s. Figures as of %s."},
		"officer.stats.empty":               {"Không có hồ sơ nào được tính trong kỳ này.", "No dossier counts in this period."},
		"officer.stats.key":                 {"Số liệu chính", "Key figures"},
		"officer.stats.received":            {"Tiếp nhận", "Received"},
		"officer.stats.solved":              {"Đã giải quyết", "Solved"},
		"officer.stats.pending":             {"Đang giải quyết", "Pending"},
		"officer.stats.other":               {"Rút, từ chối, bổ sung", "Withdrawn, refused, supplements"},
		"officer.stats.time":                {"Thời gian giải quyết", "Processing time"},
		"officer.stats.ofsolved":            {"%s số đã giải quyết", "%s of the solved"},
		"officer.stats.ofpending":           {"%s số đang giải quyết", "%s of the pending"},
		"officer.stats.oftotal":             {"%s tổng số", "%s of the total"},
		"officer.stats.supplements":         {"Yêu cầu bổ sung hồ sơ", "Supplement requests"},
		"officer.stats.avg":                 {"Trung bình", "Average"},
		"officer.stats.median":              {"Trung vị", "Median"},
		"officer.stats.days":                {"%s ngày làm việc", "%s working days"},
		"officer.stats.saved":               {"Tiết kiệm so với thời hạn quy định", "Time saved against the legal time"},
		"officer.stats.notime":              {"Chưa có hồ sơ giải quyết xong trong kỳ.", "No dossier was solved in the period."},
		"officer.stats.chart.outcome":       {"Kết quả giải quyết: đã giải quyết (trước hạn, đúng hạn, quá hạn) và đang giải quyết (trong hạn, quá hạn)", "Outcome: solved (early, on time, late) and pending (within deadline, overdue)"},
		"officer.stats.chart.field":         {"Tổng số hồ sơ theo lĩnh vực", "Total dossiers by field"},
		"officer.stats.chart.channel":       {"Tổng số hồ sơ theo kênh nộp", "Total dossiers by channel"},
		"officer.stats.chart.data":          {"Số liệu của biểu đồ", "The chart's figures"},
		"officer.stats.outcome":             {"Kết quả giải quyết", "Outcome"},
		"officer.stats.within":              {"Trong hạn", "Within deadline"},
		"officer.stats.overdue":             {"Quá hạn", "Overdue"},
		"officer.stats.kind":                {"Phân loại", "Kind"},
		"officer.stats.count":               {"Số hồ sơ", "Dossiers"},
		"officer.stats.share":               {"Tỷ lệ", "Share"},
		"officer.stats.byfield":             {"Theo lĩnh vực", "By field"},
		"officer.stats.byproc":              {"Theo thủ tục", "By procedure"},
		"officer.stats.bychannel":           {"Theo kênh nộp", "By channel"},
		"officer.stats.byfield.caption":     {"Số liệu theo lĩnh vực (cũng là số liệu của biểu đồ trên)", "Figures by field (also the chart's figures)"},
		"officer.stats.byproc.caption":      {"Số liệu theo thủ tục hành chính", "Figures by procedure"},
		"officer.stats.bychannel.caption":   {"Số liệu theo kênh nộp (cũng là số liệu của biểu đồ trên)", "Figures by channel (also the chart's figures)"},
		"officer.stats.field":               {"Lĩnh vực", "Field"},
		"officer.stats.procedure":           {"Thủ tục", "Procedure"},
		"officer.stats.channel":             {"Kênh nộp", "Channel"},
		"officer.stats.bylevel":             {"Theo cấp giải quyết", "By level"},
		"officer.stats.bylevel.caption":     {"Số liệu theo cấp của cơ quan có thẩm quyền giải quyết", "Figures by the level of the unit competent to decide"},
		"officer.stats.level":               {"Cấp", "Level"},
		"officer.stats.level.1":             {"Cấp tỉnh", "Province"},
		"officer.stats.level.2":             {"Cấp sở, ngành, huyện", "Departments and districts"},
		"officer.stats.level.3":             {"Cấp xã", "Communes"},
		"officer.stats.level.4":             {"Cấp thôn, tổ dân phố", "Villages"},
		"officer.stats.level.0":             {"Chưa xác định", "Unknown"},
		"officer.stats.nofield":             {"Chưa xác định lĩnh vực", "No field"},
		"officer.stats.alltotal":            {"Tổng cộng", "Total"},
		"officer.stats.timely":              {"Tỷ lệ trước hạn và đúng hạn", "Early or on time"},
		"officer.stats.scroll":              {"Bảng rộng: cuộn ngang để xem hết các cột.", "A wide table: scroll sideways to see every column."},
		"officer.stats.col.new":             {"Mới tiếp nhận", "New"},
		"officer.stats.col.carried":         {"Kỳ trước chuyển sang", "Carried over"},
		"officer.stats.col.total":           {"Tổng số", "Total"},
		"officer.stats.col.solved":          {"Đã giải quyết", "Solved"},
		"officer.stats.col.early":           {"Trước hạn", "Early"},
		"officer.stats.col.on_time":         {"Đúng hạn", "On time"},
		"officer.stats.col.late":            {"Quá hạn", "Late"},
		"officer.stats.col.pending":         {"Đang giải quyết", "Pending"},
		"officer.stats.col.pending_within":  {"Đang giải quyết trong hạn", "Pending, within deadline"},
		"officer.stats.col.pending_overdue": {"Đang giải quyết quá hạn", "Pending, overdue"},
		"officer.stats.col.withdrawn":       {"Rút hồ sơ", "Withdrawn"},
		"officer.stats.col.refused":         {"Từ chối", "Refused"},
		"officer.stats.col.stopped":         {"Dừng xử lý", "Stopped"},
		"officer.stats.how":                 {"Cách tính số liệu", "How the figures are counted"},
		"officer.stats.how.unit": {"Một hồ sơ được tính cho đơn vị tiếp nhận và cho đơn vị có thẩm quyền giải quyết, như danh sách hồ sơ của đơn vị. Hồ sơ chưa được tiếp nhận không được tính.",
			"A dossier counts for the unit that received it and for the unit competent for it, as the unit's dossier listing shows. Dossiers never received count nowhere."},
		"officer.stats.how.period": {"Mới tiếp nhận: tiếp nhận trong kỳ. Kỳ trước chuyển sang: tiếp nhận trước kỳ và chưa kết thúc khi kỳ bắt đầu.",
			"New: received in the period. Carried over: received before it and not closed when it started."},
		"officer.stats.how.solved": {"Đã giải quyết: có kết quả trong kỳ, so sánh theo ngày (không theo giờ) giữa ngày có kết quả và ngày hẹn trả: trước ngày hẹn là trước hạn, đúng ngày hẹn là đúng hạn, sau ngày hẹn là quá hạn.",
			"Solved: a result in the period, comparing dates (not times) of the result and of the due date: before it is early, on it is on time, after it is late."},
		"officer.stats.how.pending": {"Đang giải quyết: chưa kết thúc khi kỳ kết thúc; quá hạn khi đã qua thời điểm hẹn trả (hồ sơ tạm dừng xét tại thời điểm tạm dừng).",
			"Pending: still open at the period's end; overdue once the due time has passed (a paused dossier is judged at its pause)."},
		"officer.stats.how.time": {"Thời gian giải quyết tính bằng ngày làm việc theo giờ hành chính của đơn vị; trung vị làm tròn đến một phần tư ngày, tính trên các tháng của kỳ.",
			"Processing time is in working days of the unit's office hours; the median is to a quarter day, over the months of the period."},
		"officer.stats.how.live": {"Số liệu được cộng dồn ngay trong mỗi thao tác xử lý hồ sơ, không phải chạy lại báo cáo.",
			"The figures are added up as each step is taken on a dossier; no report needs to be run."},
		"officer.stats.nodrill": {"Danh sách hồ sơ sau mỗi con số dành cho cán bộ của đơn vị.", "The dossier listings behind the figures are for the unit's officers."},
	})
}
