package slip

import (
	"strconv"
	"strings"
)

// control is the Phiếu kiểm soát quá trình giải quyết hồ sơ: the dossier's header facts, then one
// row per hand-over with its times, result and notes; the last row is the applicant receiving the
// result. It is printed in landscape for the width of its columns.
func (p *page) control(s *Slip) {
	p.heading(s)
	var received string
	if s.Received != nil {
		received = clock(*s.Received)
	}
	var due string
	if s.Due != nil {
		due = clock(*s.Due)
	}
	p.facts([]fact{{label: "Người nộp hồ sơ", value: s.Applicant.Name, strong: true},
		{label: "Nội dung yêu cầu giải quyết", value: request(s)},
		{label: "Thời gian nhận hồ sơ", value: received},
		{label: "Thời hạn giải quyết", value: s.LegalTime},
		{label: "Thời gian hẹn trả kết quả", value: due}})
	p.pdf.Ln(2)
	if len(s.Rows) == 0 {
		p.para("I", "Hồ sơ chưa có lần giao nhận nào.")
		return
	}
	rows := make([][]string, len(s.Rows))
	for i, r := range s.Rows {
		unit := r.Unit
		if r.Final {
			unit = "Công dân nhận kết quả"
		}
		handed := short(r.HandedAt)
		if r.HandedBy != "" {
			handed += "\n" + r.HandedBy
		}
		if r.From != "" {
			handed += "\ntừ " + r.From
		}
		var recv, dueAt, ended string
		if r.ReceivedAt != nil {
			recv = short(*r.ReceivedAt)
		} else {
			recv = "Chờ tiếp nhận"
		}
		if r.DueAt != nil {
			dueAt = short(*r.DueAt)
		}
		if r.EndedAt != nil && !r.Final {
			ended = short(*r.EndedAt)
		}
		result := r.Result
		if ended != "" {
			result = strings.TrimSpace("Xong " + ended + "\n" + result)
		}
		rows[i] = []string{strconv.Itoa(i + 1), unit, handed, recv, dueAt, result, strings.Join(r.Notes, "\n")}
	}
	w := p.width
	p.table([]column{{"STT", 10, "C"}, {"Đơn vị, bước xử lý", 48, "L"}, {"Giao hồ sơ", 50, "L"},
		{"Nhận hồ sơ", 24, "C"}, {"Hạn xử lý", 24, "C"}, {"Kết quả", 28, "C"},
		{"Ghi chú", w - 10 - 48 - 50 - 24 - 24 - 28, "L"}}, rows, 9)
}
