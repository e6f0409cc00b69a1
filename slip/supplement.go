package slip

import "strconv"

// supplement is the Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (Mẫu 02): the papers to add, the
// reason, whom to ask, and how to follow the dossier.
func (p *page) supplement(s *Slip) {
	p.heading(s)
	p.para("", "Hồ sơ của:")
	p.applicant(s)
	p.facts([]fact{{label: "Nội dung yêu cầu giải quyết", value: request(s)}})
	p.pdf.Ln(2)
	p.para("B", "Yêu cầu bổ sung, hoàn thiện hồ sơ gồm những nội dung sau:")
	for i, m := range s.Missing {
		p.para("", strconv.Itoa(i+1)+". "+m)
	}
	if s.Reason != "" {
		p.rich("L", []span{{"B", "Lý do: "}, {"", s.Reason}})
	}
	p.pdf.Ln(1)
	contact := "Trong quá trình hoàn thiện hồ sơ, nếu có vướng mắc, ông/bà liên hệ "
	if s.Officer != "" {
		contact += s.Officer + ", "
	}
	contact += s.Unit
	if s.UnitPhone != "" {
		contact += ", điện thoại " + s.UnitPhone
	}
	p.para("", contact+" để được hướng dẫn.")
	p.pdf.Ln(2)
	p.track(s)
	p.signatures(signer{"NGƯỜI NỘP HỒ SƠ", "(Ký và ghi rõ họ tên)", s.Applicant.Name},
		signer{"NGƯỜI HƯỚNG DẪN", "(Ký và ghi rõ họ tên)", s.Officer})
}
