package web

func (s *Server) routesCounter() {}
