package web

import (
	"cmp"
	"context"
	"fmt"
	"github.com/motcua/motcua/stats"
	"strconv"
	"strings"

	"github.com/motcua/motcua/index"
	"github.com/motcua/motcua/store"
	"github.com/motcua/motcua/user"
)

// The dashboard's other sections: the service-quality index with each indicator's inputs, the
// citizens' ratings, and the time each step takes against its budget.

type indexView struct {
	Result    index.Result
	Points    string
	Available string
	Score     string
	Groups    []indexGroupView
}

type indexGroupView struct {
	Name, Points, Available, Max string
	Indicators                   []indexIndicatorView
}

type indexIndicatorView struct {
	Name, Inputs, Points, Max string
	NoData                    bool
}

type ratingRow struct {
	Name                                          string
	VerySatisfied, Satisfied, NotSatisfied, Total int
	Pct                                           string
}

type stepTimeRow struct {
	Name, Budget, Median, P90, OverPct string
	Count, LateCaused                  int
}

type statsMore struct {
	Computed    bool // every section below: the unit's whole figures
	StepsOnly   bool // the steps alone: the figures of one procedure
	Index       *indexView
	Assessment  *assessmentView // Circular 01/2018 (officer_assessment.go)
	Ratings     []ratingRow
	RatingTotal *ratingRow
	Comments    []store.RatingComment
	Steps       []stepTimeRow
	Causes      []lateCauseRow // where the late dossiers' worst steps were, the most first
	Trend       []trendRow
	TrendChart  *lineChart
}

type lateCauseRow struct {
	Step, Unit, Officer string
	Count               int
}

// maxCauses is how many places of late dossiers the dashboard lists; the export has them all.
const maxCauses = 10

type trendRow struct {
	Month                  string
	Received, Solved, Late int
	LatePct                string
}

// num writes a number the Vietnamese way (decimal comma) or the English way.
func num(lang Lang, v float64) string {
	s := strconv.FormatFloat(v, 'f', -1, 64)
	if i := strings.IndexByte(s, '.'); i >= 0 && len(s)-i > 3 {
		s = strconv.FormatFloat(v, 'f', 2, 64)
	}
	if lang == Vietnamese {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}

func (s *Server) statsMoreFor(ctx context.Context, u user.User, f store.SummaryFilter, sum store.Summary, lang Lang) (statsMore, error) {
	var m statsMore
	sat, err := s.store.StatsSatisfaction(ctx, u, f)
	if err != nil {
		return m, err
	}
	res, err := s.store.QualityIndexOf(ctx, u, f, sum, sat)
	if err != nil {
		return m, err
	}
	iv := &indexView{Result: res, Points: num(lang, res.Points), Available: num(lang, res.Available), Score: num(lang, res.Score)}
	for _, g := range res.Groups {
		gv := indexGroupView{Name: g.Name, Points: num(lang, g.Points), Available: num(lang, g.Available), Max: num(lang, g.Max)}
		for _, in := range g.Indicators {
			v := indexIndicatorView{Name: in.Name, Max: num(lang, in.Max), Points: num(lang, in.Points), NoData: !in.Input.Known || in.Input.Den == 0}
			if !v.NoData {
				v.Inputs = num(lang, in.Input.Num) + " / " + num(lang, in.Input.Den)
			}
			gv.Indicators = append(gv.Indicators, v)
		}
		iv.Groups = append(iv.Groups, gv)
	}
	m.Index = iv
	rep, err := s.store.StepStats(ctx, u, f, "")
	if err != nil {
		return m, err
	}
	if m.Assessment, err = s.statsAssessmentFor(ctx, u, f, sum, rep, lang); err != nil {
		return m, err
	}
	row := func(name string, c store.RatingCounts) ratingRow {
		return ratingRow{name, c.VerySatisfied, c.Satisfied, c.NotSatisfied, c.Total(), num(lang, c.SatisfiedPct()) + "%"}
	}
	if sat.Total.Total() > 0 {
		t := row("", sat.Total)
		m.RatingTotal = &t
		for _, g := range sat.ByOfficer {
			m.Ratings = append(m.Ratings, row(g.Name, g.Counts))
		}
	}
	m.Comments = sat.Comments
	if len(m.Comments) > 10 {
		m.Comments = m.Comments[:10]
	}
	months, err := s.store.LateTrend(ctx, u, f)
	if err != nil {
		return m, err
	}
	m.TrendChart = trendChart(months, lang)
	for _, mo := range months {
		m.Trend = append(m.Trend, trendRow{fmt.Sprintf("%02d/%04d", mo.Month%100, mo.Month/100), mo.Received, mo.Solved, mo.Late,
			num(lang, stats.Pct(mo.Late, mo.Solved)) + "%"})
	}
	m.Computed = true
	return m, s.fillSteps(ctx, &m, rep, lang)
}

// statsStepsFor is the step analysis alone, of f's procedure: the dashboard of one procedure.
func (s *Server) statsStepsFor(ctx context.Context, u user.User, f store.SummaryFilter, lang Lang) (statsMore, error) {
	m := statsMore{StepsOnly: true}
	rep, err := s.store.StepStats(ctx, u, f, "")
	if err != nil {
		return m, err
	}
	return m, s.fillSteps(ctx, &m, rep, lang)
}

// fillSteps lays out the time per step and where the late dossiers were made late.
func (s *Server) fillSteps(ctx context.Context, m *statsMore, rep store.StepReport, lang Lang) error {
	ui, err := s.unitInfo(ctx)
	if err != nil {
		return err
	}
	stepNames := map[string]string{}
	for _, st := range rep.Steps {
		stepNames[st.Key] = st.Name
	}
	for _, c := range rep.Causes[:min(len(rep.Causes), maxCauses)] {
		officer := c.FullName
		if officer == "" {
			officer = c.Username
		}
		m.Causes = append(m.Causes, lateCauseRow{Step: cmp.Or(stepNames[c.Step], c.Step), Unit: ui.name(c.Unit), Officer: officer, Count: c.Count})
	}
	for _, st := range rep.Steps {
		name := st.Name
		if name == "" {
			name = st.Key
		}
		m.Steps = append(m.Steps, stepTimeRow{Name: name, Budget: num(lang, st.BudgetHours), Median: num(lang, st.MedianHours),
			P90: num(lang, st.P90Hours), OverPct: num(lang, float64(int(float64(st.OverBudget)*1000/float64(max(st.Count, 1))+0.5))/10) + "%",
			Count: st.Count, LateCaused: st.LateCaused})
	}
	return nil
}

func init() {
	addMessages(map[string][2]string{
		"officer.stats.index":          {"Chỉ số phục vụ người dân, doanh nghiệp (Quyết định 766/QĐ-TTg)", "Service-quality index (Decision 766/QĐ-TTg)"},
		"officer.stats.index.total":    {"%s điểm trên %s điểm có dữ liệu — quy đổi %s/100, xếp loại: %s", "%s points of the %s with data — %s/100, grade: %s"},
		"officer.stats.index.nodata":   {"Chưa có dữ liệu", "No data"},
		"officer.stats.index.note":     {"Chỉ tiêu chưa có dữ liệu không được tính vào tổng (không dùng số giả định). Công thức: %s.", "Indicators without data are left out of the total (no assumed values). Formulas: %s."},
		"officer.stats.index.group":    {"Nhóm / chỉ tiêu", "Group / indicator"},
		"officer.stats.index.inputs":   {"Số liệu", "Inputs"},
		"officer.stats.index.points":   {"Điểm", "Points"},
		"officer.stats.index.max":      {"Tối đa", "Max"},
		"officer.stats.band.excellent": {"Xuất sắc", "Excellent"},
		"officer.stats.band.good":      {"Tốt", "Good"},
		"officer.stats.band.fair":      {"Khá", "Fair"},
		"officer.stats.band.average":   {"Trung bình", "Average"},
		"officer.stats.band.weak":      {"Yếu", "Weak"},
		"officer.stats.band.no_data":   {"chưa đủ dữ liệu để xếp loại", "too little data to grade"},
		"officer.stats.ratings":        {"Mức độ hài lòng", "Satisfaction"},
		"officer.stats.ratings.none":   {"Chưa có đánh giá trong kỳ.", "No ratings in the period."},
		"officer.stats.ratings.who":    {"Cán bộ", "Officer"},
		"officer.stats.ratings.total":  {"Tổng cộng", "Total"},
		"officer.stats.ratings.3":      {"Rất hài lòng", "Very satisfied"},
		"officer.stats.ratings.2":      {"Hài lòng", "Satisfied"},
		"officer.stats.ratings.1":      {"Không hài lòng", "Not satisfied"},
		"officer.stats.ratings.n":      {"Số đánh giá", "Ratings"},
		"officer.stats.ratings.pct":    {"Tỷ lệ hài lòng", "Satisfied"},
		"officer.stats.comments":       {"Ý kiến gần đây", "Recent comments"},
		"officer.stats.steps":          {"Thời gian từng bước (giờ làm việc)", "Time per step (working hours)"},
		"officer.stats.steps.none":     {"Chưa có bước nào hoàn thành trong kỳ.", "No step completed in the period."},
		"officer.stats.steps.step":     {"Bước", "Step"},
		"officer.stats.steps.n":        {"Số lượt", "Times"},
		"officer.stats.steps.budget":   {"Định mức", "Budget"},
		"officer.stats.steps.median":   {"Trung vị", "Median"},
		"officer.stats.steps.p90":      {"90% xong trong", "90% within"},
		"officer.stats.steps.over":     {"Vượt định mức", "Over budget"},
		"officer.stats.steps.late":     {"Gây trễ hạn", "Made late"},
		"officer.stats.trend":          {"Trễ hạn theo tháng", "Late dossiers month by month"},
		"officer.stats.trend.month":    {"Tháng", "Month"},
		"officer.stats.trend.received": {"Tiếp nhận", "Received"},
		"officer.stats.trend.solved":   {"Đã giải quyết", "Solved"},
		"officer.stats.trend.late":     {"Quá hạn", "Late"},
		"officer.stats.trend.pct":      {"Tỷ lệ quá hạn", "Late share"},
		"officer.stats.causes":         {"Hồ sơ quá hạn tập trung ở đâu", "Where the late dossiers are"},
		"officer.stats.causes.lead":    {"Mỗi hồ sơ quá hạn được tính cho bước vượt định mức nhiều nhất của nó, tại đơn vị và cán bộ đã xử lý bước đó.", "Each late dossier counts at the step that overran its budget most, at the unit and officer who did that step."},
		"officer.stats.causes.unit":    {"Đơn vị", "Unit"},
		"officer.stats.causes.officer": {"Cán bộ", "Officer"},
		"officer.stats.causes.n":       {"Hồ sơ quá hạn", "Late dossiers"},
		"officer.stats.causes.more":    {"Bảng đầy đủ:", "The whole table:"},
	})
}
