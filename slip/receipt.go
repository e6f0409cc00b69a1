package slip

import "strconv"

// receipt is the Giấy tiếp nhận hồ sơ và hẹn trả kết quả: who, what, the papers received, the
// times, where to collect the result, how to track it, and both signatures.
func (p *page) receipt(s *Slip) {
	p.heading(s)
	p.para("", s.Unit+" tiếp nhận hồ sơ của:")
	p.applicant(s)
	p.facts([]fact{{label: "Hình thức nộp", value: s.Channel}, {label: "Tiếp nhận ngoài trụ sở", value: s.Place},
		{label: "Nội dung yêu cầu giải quyết", value: request(s)}})
	p.pdf.Ln(2)
	p.para("B", "Thành phần hồ sơ đã nhận:")
	switch {
	case len(s.Documents) > 0:
		rows := make([][]string, len(s.Documents))
		for i, d := range s.Documents {
			rows[i] = []string{strconv.Itoa(i + 1), d.Name, strconv.Itoa(d.Originals), strconv.Itoa(d.Copies)}
		}
		p.table([]column{{"STT", 12, "C"}, {"Tên giấy tờ", p.width - 12 - 2*24, "L"}, {"Bản chính", 24, "C"},
			{"Bản sao", 24, "C"}}, rows, 10)
	case s.Online:
		p.para("", "Hồ sơ điện tử nộp qua Cổng dịch vụ công.")
	}
	sets := s.Sets
	if sets <= 0 {
		sets = 1
	}
	p.para("", "Số lượng hồ sơ: "+strconv.Itoa(sets)+" bộ")
	p.pdf.Ln(1)
	var received, due string
	if s.Received != nil {
		received = clock(*s.Received)
	}
	if s.Due != nil {
		due = clock(*s.Due)
	}
	p.facts([]fact{{label: "Thời hạn giải quyết", value: s.LegalTime},
		{label: "Thời gian nhận hồ sơ", value: received},
		{label: "Thời gian trả kết quả", value: due, strong: true},
		{label: "Nơi nhận kết quả", value: s.Delivery}})
	p.pdf.Ln(2)
	p.track(s)
	p.signatures(signer{"NGƯỜI NỘP HỒ SƠ", "(Ký và ghi rõ họ tên)", s.Applicant.Name},
		signer{"NGƯỜI TIẾP NHẬN HỒ SƠ", "(Ký và ghi rõ họ tên)", s.Officer})
}

// applicant lists who the dossier is for.
func (p *page) applicant(s *Slip) {
	a := s.Applicant
	name := a.Name
	if a.Type != "" {
		name += " (" + a.Type + ")"
	}
	phone := a.Phone
	if a.Email != "" {
		if phone != "" {
			phone += " · "
		}
		phone += "Email: " + a.Email
	}
	p.facts([]fact{{label: "Ông/Bà", value: name, strong: true}, {label: "Số CCCD / mã số", value: a.IDNumber},
		{label: "Địa chỉ", value: a.Address}, {label: "Điện thoại", value: phone}})
}

// request is the procedure asked for, its case and the applicant's summary.
func request(s *Slip) string {
	r := s.Procedure
	if s.Case != "" {
		r += "; trường hợp: " + s.Case
	}
	if s.Summary != "" {
		r += "\n" + s.Summary
	}
	return r
}
