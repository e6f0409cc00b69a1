package web

func (s *Server) routesCitizen() {}
