package web

func (s *Server) routesAdmin() {}
