package slip

import "github.com/motcua/motcua/calendar"

// apology is the Phiếu xin lỗi và hẹn lại ngày trả kết quả: the dossier, the due date it misses,
// the reason and the new due date, signed for the unit.
func (p *page) apology(s *Slip) {
	p.heading(s)
	p.rich("L", []span{{"", "Kính gửi Ông/Bà: "}, {"B", s.Applicant.Name}})
	p.pdf.Ln(1)
	var received string
	if s.Received != nil {
		received = "Ngày " + s.Received.In(calendar.Zone).Format("02/01/2006") + ", "
	}
	p.para("", received+s.Unit+" tiếp nhận hồ sơ của Ông/Bà.")
	p.facts([]fact{{label: "Nội dung yêu cầu giải quyết", value: request(s)}, {label: "Mã hồ sơ", value: s.Code, strong: true}})
	var old, due string
	if s.OldDue != nil {
		old = clock(*s.OldDue)
	}
	if s.NewDue != nil {
		due = clock(*s.NewDue)
	}
	p.facts([]fact{{label: "Thời gian hẹn trả kết quả", value: old}})
	p.pdf.Ln(1)
	p.para("", "Tuy nhiên đến nay, "+s.Unit+" chưa trả kết quả giải quyết hồ sơ cho Ông/Bà, với lý do:")
	p.para("B", s.Reason)
	p.pdf.Ln(1)
	p.para("", "Sự chậm trễ này đã gây phiền hà cho Ông/Bà. "+s.Unit+" xin lỗi Ông/Bà và hẹn trả kết quả giải quyết hồ sơ vào:")
	p.rich("C", []span{{"B", due}})
	p.pdf.Ln(1)
	p.para("", "Xin trân trọng cảm ơn sự hợp tác của Ông/Bà./.")
	p.pdf.Ln(2)
	p.track(s)
	p.signatures(signer{"THỦ TRƯỞNG CƠ QUAN, ĐƠN VỊ", "(Ký, ghi rõ họ tên và đóng dấu)", s.Officer})
}
