package report

import (
	"cmp"
	"fmt"
	"math"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/motcua/motcua/assessment"
	"github.com/motcua/motcua/calendar"
	"github.com/motcua/motcua/index"
	"github.com/motcua/motcua/stats"
	"github.com/motcua/motcua/store"
)

// The dashboard's other tables as grids, in Vietnamese as the forms are.

const noData = "Chưa có dữ liệu"

var (
	colNo    = GridColumn{Name: "STT", Kind: Ordinal, Width: 6}
	bandName = map[string]string{"excellent": "Xuất sắc", "good": "Tốt", "fair": "Khá", "average": "Trung bình", "weak": "Yếu",
		"no_data": "Chưa đủ dữ liệu để xếp loại"}
)

// number writes a decimal the Vietnamese way: 14,25.
func number(v float64) string {
	return strings.Replace(fmt.Sprintf("%g", math.Round(v*100)/100), ".", ",", 1)
}

// indexGrid is the service-quality index with every indicator's inputs: a manager sees why a
// group scored what it did.
func indexGrid(res index.Result) Grid {
	g := Grid{Key: Index, Sheet: "Chỉ số", Title: "BẢNG CHỈ SỐ PHỤC VỤ NGƯỜI DÂN, DOANH NGHIỆP",
		Columns: []GridColumn{colNo,
			{Name: "Nhóm / chỉ tiêu", Kind: Text, Width: 56},
			{Group: "Số liệu", Name: "Tử số", Kind: Number, Width: 12},
			{Group: "Số liệu", Name: "Mẫu số", Kind: Number, Width: 12},
			{Group: "Số liệu", Name: "Tỷ lệ (%)", Kind: Percent, Width: 10},
			{Name: "Điểm", Kind: Number, Width: 10, Sum: true},
			{Name: "Điểm tối đa", Kind: Number, Width: 10, Sum: true},
			{Name: "Điểm tối đa có dữ liệu", Kind: Number, Width: 13, Sum: true},
		}}
	for i, gr := range res.Groups {
		g.Rows = append(g.Rows, GridRow{Group, []any{roman(i + 1), gr.Name, nil, nil, nil, gr.Points, gr.Max, gr.Available}})
		for k, in := range gr.Indicators {
			row := GridRow{Item, []any{fmt.Sprint(k + 1), in.Name, noData, nil, nil, nil, in.Max, nil}}
			if in.Input.Known && in.Input.Den != 0 {
				row.Cells[2], row.Cells[3], row.Cells[4] = in.Input.Num, in.Input.Den, share(in.Ratio, 1)
				row.Cells[5], row.Cells[7] = in.Points, in.Max
			}
			g.Rows = append(g.Rows, row)
		}
	}
	g.Rows = append(g.Rows, GridRow{Total, []any{"", "Tổng cộng", nil, nil, nil, res.Points, 100.0, res.Available}})
	g.Notes = []string{
		fmt.Sprintf("Điểm quy đổi: %s/100 (%s điểm trên %s điểm có dữ liệu); xếp loại: %s.", number(res.Score), number(res.Points),
			number(res.Available), bandName[res.Band]),
		"Ghi chú: Chỉ tiêu chưa có dữ liệu không được tính vào tổng (không dùng số giả định); tỷ lệ quá 100% được tính là 100%. " +
			"Bộ công thức: " + res.Version + ".",
	}
	return g
}

// rankingGrid ranks the units under one by index.
func rankingGrid(ranked []store.RankedUnit) Grid {
	g := Grid{Key: Ranking, Sheet: "Xếp hạng", Title: "BẢNG XẾP HẠNG CHỈ SỐ PHỤC VỤ NGƯỜI DÂN, DOANH NGHIỆP CỦA CÁC ĐƠN VỊ",
		Columns: []GridColumn{{Name: "Hạng", Kind: Ordinal, Width: 10},
			{Name: "Đơn vị", Kind: Text, Width: 48},
			{Name: "Mã đơn vị", Kind: Text, Width: 16},
			{Name: "Điểm", Kind: Number, Width: 10},
			{Name: "Điểm tối đa có dữ liệu", Kind: Number, Width: 13},
			{Name: "Điểm quy đổi (/100)", Kind: Number, Width: 12},
			{Name: "Xếp loại", Kind: Text, Width: 16},
		}}
	for i, ru := range ranked {
		rank := fmt.Sprint(i + 1)
		if ru.Result.Band == "no_data" {
			rank = "Chưa xếp hạng"
		}
		g.Rows = append(g.Rows, GridRow{Item, []any{rank, ru.Unit.Name, ru.Unit.Code, ru.Result.Points, ru.Result.Available,
			ru.Result.Score, bandName[ru.Result.Band]}})
	}
	g.Notes = []string{"Ghi chú: Mỗi đơn vị tính cả các đơn vị trực thuộc; đơn vị chưa đủ dữ liệu để xếp loại đứng cuối, không xếp hạng."}
	if len(ranked) == 0 {
		g.Notes = []string{"Đơn vị không có đơn vị trực thuộc đang hoạt động."}
	}
	return g
}

// inputNames are the Vietnamese names of the figures an assessment score is made of.
var inputNames = map[string]string{
	"early": "Trước hạn", "on_time": "Đúng hạn", "late": "Quá hạn", "solved": "Đã giải quyết",
	"steps": "Số bước xử lý", "over_budget": "Số bước vượt thời gian quy định",
	"no_supplement": "Không phải bổ sung", "one_supplement": "Bổ sung một lần", "more_supplements": "Bổ sung từ hai lần",
	"received": "Hồ sơ tiếp nhận", "online": "Nộp trực tuyến", "procedures": "Số thủ tục",
	"one_stop": "Giải quyết trọn vẹn tại Bộ phận Một cửa", "electronic": "Công khai điện tử (1 = có)",
	"paper": "Niêm yết bằng giấy (1 = có)", "complaints": "Phản ánh về thái độ được xác minh đúng",
	"feedback": "Phản ánh, kiến nghị", "online_procedures": "Thủ tục có dịch vụ công trực tuyến",
	"late_online": "Hồ sơ trực tuyến quá hạn",
}

// criteriaGrid is the assessment on the nine criteria of Circular 01/2018, each with its inputs.
func criteriaGrid(a store.AssessmentOf, rules assessment.Rules) Grid {
	g := Grid{Key: Criteria, Sheet: "Tiêu chí 01-2018", Title: "BẢNG ĐÁNH GIÁ VIỆC GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH THEO THÔNG TƯ 01/2018/TT-VPCP",
		Columns: []GridColumn{colNo,
			{Name: "Tiêu chí", Kind: Text, Width: 40},
			{Name: "Số liệu", Kind: Text, Width: 56},
			{Name: "Điểm", Kind: Number, Width: 10, Sum: true},
			{Name: "Điểm tối đa", Kind: Number, Width: 10, Sum: true},
		}}
	for i, sc := range a.Sheet.Scores {
		var in []string
		for _, x := range sc.Inputs {
			name := inputNames[x.Key]
			if name == "" {
				name = x.Key
			}
			in = append(in, name+": "+number(x.Value))
		}
		inputs := strings.Join(in, "; ")
		if sc.Entered {
			inputs += " (đơn vị nhập)"
		}
		row := GridRow{Item, []any{fmt.Sprint(i + 1), sc.Name, inputs, nil, nil}}
		if sc.Points == nil {
			row.Cells[2] = noData
			if inputs != "" {
				row.Cells[2] = noData + "; " + inputs
			}
		} else {
			row.Cells[3], row.Cells[4] = *sc.Points, 2.0
		}
		g.Rows = append(g.Rows, row)
	}
	g.Rows = append(g.Rows, GridRow{Total, []any{"", "Tổng cộng", "", a.Sheet.Total, a.Sheet.Max}})
	grade := fmt.Sprintf("Chưa xếp loại: %d tiêu chí chưa có dữ liệu (cần đủ 9 tiêu chí, tối đa 18 điểm).", len(a.Sheet.NoData))
	for _, gr := range rules.Grades {
		if gr.Key == a.Sheet.Grade {
			grade = "Xếp loại: " + gr.Name + "."
		}
	}
	g.Notes = []string{grade, "Ghi chú: Tiêu chí 5 đến 8 do đơn vị nhập hằng tháng; tiêu chí chưa có dữ liệu không được tính điểm. Bộ tiêu chí: " +
		a.Sheet.Version + "."}
	return g
}

// ratingColumns are a ratings table's columns after its label column.
var ratingColumns = []GridColumn{
	{Group: "Số đánh giá", Name: "Rất hài lòng", Kind: Count, Width: 11, Sum: true},
	{Group: "Số đánh giá", Name: "Hài lòng", Kind: Count, Width: 11, Sum: true},
	{Group: "Số đánh giá", Name: "Không hài lòng", Kind: Count, Width: 11, Sum: true},
	{Group: "Số đánh giá", Name: "Tổng số", Kind: Count, Width: 11, Sum: true},
	{Name: "Tỷ lệ hài lòng (%)", Kind: Percent, Width: 11, Share: []int{2, 3, 5}},
}

func ratingCells(label string, c store.RatingCounts) []any {
	return []any{label, c.VerySatisfied, c.Satisfied, c.NotSatisfied, c.Total(), c.SatisfiedPct()}
}

// ratingsGrid is the ratings by one dimension; rest names the ratings no group holds (those of
// no officer, no counter), so that the lines add up to the total.
// The sheet is named "Theo <head>" (by officer…), the label column <Head>.
func ratingsGrid(key, head string, groups []store.RatingGroup, total store.RatingCounts, label func(store.RatingGroup) string, rest string) Grid {
	g := Grid{Key: key, Sheet: "Theo " + head, Title: "BÁO CÁO MỨC ĐỘ HÀI LÒNG CỦA NGƯỜI DÂN, DOANH NGHIỆP THEO " + strings.ToUpper(head),
		Columns: append([]GridColumn{colNo, {Name: capital(head), Kind: Text, Width: 44}}, ratingColumns...)}
	var left store.RatingCounts = total
	for i, gr := range groups {
		g.Rows = append(g.Rows, GridRow{Item, append([]any{fmt.Sprint(i + 1)}, ratingCells(label(gr), gr.Counts)...)})
		left.VerySatisfied -= gr.Counts.VerySatisfied
		left.Satisfied -= gr.Counts.Satisfied
		left.NotSatisfied -= gr.Counts.NotSatisfied
	}
	if left.Total() > 0 {
		g.Rows = append(g.Rows, GridRow{Item, append([]any{fmt.Sprint(len(groups) + 1)}, ratingCells(rest, left)...)})
	}
	g.Rows = append(g.Rows, GridRow{Total, append([]any{""}, ratingCells("Tổng cộng", total)...)})
	g.Notes = []string{"Ghi chú: Tỷ lệ hài lòng = (Rất hài lòng + Hài lòng) / Tổng số đánh giá; đánh giá tại quầy (máy đánh giá) và trực tuyến."}
	return g
}

// capital writes a name's first letter in capital.
func capital(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}

var ratingValues = map[int]string{3: "Rất hài lòng", 2: "Hài lòng", 1: "Không hài lòng"}

// reasonNames are the reasons a citizen picks (store.RatingReasons), as the rating form words them.
var reasonNames = map[string]string{"waiting": "Chờ đợi lâu, trễ hẹn", "attitude": "Thái độ cán bộ", "guidance": "Hướng dẫn chưa rõ",
	"papers": "Yêu cầu giấy tờ ngoài quy định", "other": "Lý do khác"}

// ratingChannel names where a rating was given.
func ratingChannel(code string) string {
	switch store.RatingChannel(code) {
	case store.RatingKiosk:
		return "Tại quầy (máy đánh giá)"
	case store.RatingOnline:
		return "Trực tuyến"
	}
	return code
}

// commentsGrid lists the latest reasons and comments.
func commentsGrid(cs []store.RatingComment, unitName func(string) string) Grid {
	g := Grid{Key: Comments, Sheet: "Ý kiến", Title: "Ý KIẾN CỦA NGƯỜI DÂN, DOANH NGHIỆP KHI ĐÁNH GIÁ",
		Columns: []GridColumn{colNo,
			{Name: "Thời điểm", Kind: Text, Width: 17},
			{Name: "Mã hồ sơ", Kind: Text, Width: 24},
			{Name: "Mức đánh giá", Kind: Text, Width: 15},
			{Name: "Lý do", Kind: Text, Width: 30},
			{Name: "Ý kiến", Kind: Text, Width: 48},
			{Name: "Kênh", Kind: Text, Width: 12},
			{Name: "Đơn vị", Kind: Text, Width: 30},
			{Name: "Quầy", Kind: Text, Width: 10},
		}}
	for i, c := range cs {
		g.Rows = append(g.Rows, GridRow{Item, []any{fmt.Sprint(i + 1), c.At.In(calendar.Zone).Format("02/01/2006 15:04"), c.Dossier,
			ratingValues[c.Value], cmp.Or(reasonNames[c.Reason], c.Reason), c.Comment, ratingChannel(c.Channel), unitName(c.Unit), c.Desk}})
	}
	g.Notes = []string{fmt.Sprintf("Ghi chú: %d ý kiến mới nhất trong kỳ (tối đa 50), mới nhất trước.", len(cs))}
	return g
}

// stepsGrid is the time each step took against its budget.
func stepsGrid(rep store.StepReport) Grid {
	g := Grid{Key: Steps, Sheet: "Thời gian từng bước", Title: "THỜI GIAN XỬ LÝ TỪNG BƯỚC SO VỚI ĐỊNH MỨC",
		Columns: []GridColumn{colNo,
			{Name: "Bước xử lý", Kind: Text, Width: 34},
			{Name: "Số lượt", Kind: Count, Width: 10, Sum: true},
			{Group: "Thời gian (giờ làm việc)", Name: "Định mức", Kind: Number, Width: 10},
			{Group: "Thời gian (giờ làm việc)", Name: "Trung bình", Kind: Number, Width: 10},
			{Group: "Thời gian (giờ làm việc)", Name: "Trung vị", Kind: Number, Width: 10},
			{Group: "Thời gian (giờ làm việc)", Name: "90% xong trong", Kind: Number, Width: 10},
			{Group: "Vượt định mức", Name: "Số lượt", Kind: Count, Width: 10, Sum: true},
			{Group: "Vượt định mức", Name: "Tỷ lệ (%)", Kind: Percent, Width: 10, Share: []int{7, 2}},
			{Name: "Số hồ sơ quá hạn do bước này", Kind: Count, Width: 13, Sum: true},
		}}
	var count, over, late int
	for i, st := range rep.Steps {
		count, over, late = count+st.Count, over+st.OverBudget, late+st.LateCaused
		name := st.Name
		if name == "" {
			name = st.Key
		}
		g.Rows = append(g.Rows, GridRow{Item, []any{fmt.Sprint(i + 1), name, st.Count, st.BudgetHours, st.AvgHours, st.MedianHours,
			st.P90Hours, st.OverBudget, stats.Pct(st.OverBudget, st.Count), st.LateCaused}})
	}
	g.Rows = append(g.Rows, GridRow{Total, []any{"", "Tổng cộng", count, nil, nil, nil, nil, over, stats.Pct(over, count), late}})
	g.Notes = []string{"Ghi chú: Thời gian tính bằng giờ làm việc (trừ ngày nghỉ, ngày lễ và thời gian tạm dừng). " +
		"Một hồ sơ quá hạn được tính cho bước vượt định mức nhiều nhất của nó."}
	return g
}

// lateCausesGrid is where the late dossiers' worst steps were: unit and officer.
func lateCausesGrid(rep store.StepReport, unitName func(string) string) Grid {
	g := Grid{Key: LateCauses, Sheet: "Nguyên nhân trễ hạn", Title: "HỒ SƠ QUÁ HẠN THEO BƯỚC, ĐƠN VỊ VÀ CÁN BỘ XỬ LÝ",
		Columns: []GridColumn{colNo,
			{Name: "Bước xử lý", Kind: Text, Width: 30},
			{Name: "Đơn vị", Kind: Text, Width: 36},
			{Name: "Cán bộ", Kind: Text, Width: 30},
			{Name: "Số hồ sơ quá hạn", Kind: Count, Width: 12, Sum: true},
		}}
	steps := map[string]string{}
	for _, st := range rep.Steps {
		steps[st.Key] = st.Name
	}
	late := 0
	for i, c := range rep.Causes {
		late += c.Count
		officer := c.FullName
		if c.Username != "" {
			officer = strings.TrimSpace(officer + " (" + c.Username + ")")
		}
		g.Rows = append(g.Rows, GridRow{Item, []any{fmt.Sprint(i + 1), cmp.Or(steps[c.Step], c.Step), unitName(c.Unit), officer, c.Count}})
	}
	g.Rows = append(g.Rows, GridRow{Total, []any{"", "Tổng cộng", nil, nil, late}})
	return g
}

// trendGrid is, month by month, the received, the solved and the late.
func trendGrid(months []store.MonthFigures) Grid {
	g := Grid{Key: Trend, Sheet: "Trễ hạn theo tháng", Title: "TÌNH HÌNH HỒ SƠ QUÁ HẠN THEO THÁNG",
		Columns: []GridColumn{colNo,
			{Name: "Tháng", Kind: Text, Width: 12},
			{Name: "Tiếp nhận", Kind: Count, Width: 12, Sum: true},
			{Name: "Đã giải quyết", Kind: Count, Width: 12, Sum: true},
			{Name: "Quá hạn", Kind: Count, Width: 12, Sum: true},
			{Name: "Tỷ lệ quá hạn (%)", Kind: Percent, Width: 12, Share: []int{4, 3}},
		}}
	var rec, solved, late int
	for i, m := range months {
		g.Rows = append(g.Rows, GridRow{Item, []any{fmt.Sprint(i + 1), fmt.Sprintf("%02d/%04d", m.Month%100, m.Month/100), m.Received,
			m.Solved, m.Late, stats.Pct(m.Late, m.Solved)}})
		rec, solved, late = rec+m.Received, solved+m.Solved, late+m.Late
	}
	g.Rows = append(g.Rows, GridRow{Total, []any{"", "Tổng cộng", rec, solved, late, stats.Pct(late, solved)}})
	g.Notes = []string{"Ghi chú: Tỷ lệ quá hạn = Quá hạn / Đã giải quyết trong tháng."}
	return g
}

func channelName(code string) string {
	for _, ch := range channelNames {
		if ch.code == code {
			return ch.name
		}
	}
	return code
}
