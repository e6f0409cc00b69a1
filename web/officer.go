package web

func (s *Server) routesOfficer() {
	s.mux.HandleFunc("POST /dang-xuat", s.form(MaxForm, s.logout))
}
