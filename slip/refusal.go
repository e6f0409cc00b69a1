package slip

// refusal is the Phiếu từ chối tiếp nhận giải quyết hồ sơ: the request, the specific reason and
// whom to ask.
func (p *page) refusal(s *Slip) {
	p.heading(s)
	p.para("", s.Unit+" tiếp nhận hồ sơ của:")
	p.applicant(s)
	p.facts([]fact{{label: "Hình thức nộp", value: s.Channel}, {label: "Nội dung yêu cầu giải quyết", value: request(s)}})
	p.pdf.Ln(2)
	p.para("", "Qua xem xét, "+s.Unit+" từ chối tiếp nhận, giải quyết hồ sơ này với lý do cụ thể như sau:")
	p.para("B", s.Reason)
	p.pdf.Ln(1)
	guide := "Mọi vướng mắc xin liên hệ " + s.Unit
	if s.UnitPhone != "" {
		guide += ", điện thoại " + s.UnitPhone
	}
	p.para("", guide+" để được hướng dẫn.")
	p.para("", "Xin thông báo để ông/bà được biết và thực hiện./.")
	p.signatures(signer{"NGƯỜI NỘP HỒ SƠ", "(Ký và ghi rõ họ tên)", s.Applicant.Name},
		signer{"NGƯỜI TIẾP NHẬN HỒ SƠ", "(Ký và ghi rõ họ tên)", s.Officer})
}
