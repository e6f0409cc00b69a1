package web

func (s *Server) routesPortal() {
	s.mux.HandleFunc("GET /{$}", s.home)
}
